package io.drillbook.schedule;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.time.Timing;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The on-demand trigger: a drill run now as a Quartz job fired at once, the same job a schedule fires, so a manual
 * run, a CronJob run and a scheduled run go through one path.
 */
public final class OnDemand {
  private final DrillService service;
  private final Timing timing;

  public OnDemand(DrillService service, Timing timing) {
    this.service = service;
    this.timing = timing;
  }

  /** Runs {@code drill} now and waits for its run; {@code abort} stops it (it still restores). */
  public DrillRun run(DrillConfig drill, Abort abort, DrillListener listener) throws InterruptedException {
    return run(drill, abort, listener, Map.of());
  }

  /** As {@link #run(DrillConfig, Abort, DrillListener)}, with {@code facts} added to the drill's entry. */
  public DrillRun run(DrillConfig drill, Abort abort, DrillListener listener, Map<String, String> facts)
      throws InterruptedException {
    AtomicReference<DrillRun> result = new AtomicReference<>();
    DrillRunner runner = (name, fireTime, recovering) -> {
      DrillRun run = service.execute(drill, abort, listener, facts);
      result.set(run);
      return run.record().verdict().name();
    };
    try (DrillScheduler scheduler = DrillScheduler.create(SchedulerOptions.ram().withThreadCount(1), runner,
        (name, at, why) -> { }, timing)) {
      scheduler.start();
      try {
        scheduler.fireNow(drill.name(), drill.timeouts().rollout().multipliedBy(3).plusHours(1)).get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException("the drill job failed: " + cause, cause);
      }
      return result.get();
    }
  }
}
