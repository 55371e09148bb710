package io.drillbook.app;

import io.drillbook.config.ConfigException;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.Freezing;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.Recovery.Found;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.Verdict;
import io.drillbook.freeze.ActiveFreeze;
import io.drillbook.github.GitHubException;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.schedule.DaemonListener;
import io.drillbook.schedule.DrillDaemon;
import io.drillbook.schedule.OnDemand;
import io.drillbook.schedule.QuartzCron;
import io.drillbook.schedule.TargetServices;
import io.drillbook.time.Timing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The one way into drillbook's core: run a drill now, run the daemon, recover, and (through {@link Audits}) verify,
 * report and check runbooks. Every command resolves its {@link DrillPlan} here once and works on it; the one-shot
 * drill, the CronJob's {@code drillbook drill} and the daemon's scheduled runs all end in the same Quartz job.
 */
public final class Drillbook {
  private final Timing timing;
  private final Adapters adapters;
  private final Audits audits;
  private final Map<String, String> environment;

  /**
   * @param environment the process environment ({@code GITHUB_TOKEN}, {@code HOSTNAME}, {@code ${NAME}} values in the
   *     scheduler config are read from it), injected so tests control it
   */
  public Drillbook(Timing timing, Map<String, String> environment) {
    this.timing = timing;
    this.environment = Map.copyOf(environment);
    this.adapters = new Adapters(timing, environment);
    this.audits = new Audits(adapters, timing);
  }

  public Timing timing() {
    return timing;
  }

  /** Verifying evidence, writing compliance reports, checking runbooks against reality. */
  public Audits audits() {
    return audits;
  }

  /**
   * Loads the config once and resolves it for a command: the cluster flags applied to every target, or, on a sandbox
   * request, a sandbox seeded with every target started and every drill aimed at it ({@code progress} hears it start).
   */
  public DrillPlan plan(PlanRequest request, PrintWriter progress) throws ConfigException, IOException {
    DrillbookConfig config = new ConfigLoader(QuartzCron.SYNTAX).load(request.config());
    if (request.sandbox()) {
      SandboxTargets box = SandboxTargets.forDrills(config.drills(), progress);
      return new DrillPlan(box.rewire(config), box);
    }
    if (request.kubeconfig() == null && request.context() == null) {
      return new DrillPlan(config, null);
    }
    return new DrillPlan(config.withDrills(config.drills().stream().map(d -> d.withTarget(new TargetConfig(
        request.context() != null ? request.context() : d.target().context(),
        request.kubeconfig() != null ? request.kubeconfig() : d.target().kubeconfig(),
        d.target().namespace(), d.target().deployment()))).toList()), null);
  }

  /**
   * The built-in demo: a sandbox with a Maestro-like deployment and the two demo drills aimed at it.
   *
   * @param log the evidence log, or null for the method's default under {@code drills/}
   */
  public DrillPlan demoPlan(SandboxOptions options, RollbackMethod method, Path log, PrintWriter progress)
      throws ConfigException, IOException {
    SandboxTargets box = SandboxTargets.start(options, null, progress);
    try {
      return new DrillPlan(DemoConfig.load(box, method, log), box);
    } catch (ConfigException | IOException | RuntimeException e) {
      box.close();
      throw e;
    }
  }

  /**
   * {@code drillbook demo --method helm}: on a real cluster, a scratch namespace of its own with the demo chart
   * installed twice; closing the plan uninstalls it and deletes the namespace. Its one drill is {@code helm-demo}.
   *
   * @param kubeconfig the kubeconfig, or null for the default one
   * @param helm the helm binary, or null for {@code helm} on the PATH
   * @param log the evidence log, or null for {@code drills/helm-demo.md}
   * @throws InputException in one line when helm or a cluster is missing, or the cluster looks like production
   */
  public DrillPlan helmDemoPlan(Path kubeconfig, String context, String helm, Path log, PrintWriter progress)
      throws ConfigException, IOException, InterruptedException {
    HelmDemo demo = HelmDemo.start(kubeconfig, context, helm, log == null ? Path.of("drills", "helm-demo.md") : log,
        timing, progress);
    return new DrillPlan(demo.config(), null, demo);
  }

  /** The demo drill for {@code method} in a {@link #demoPlan}. */
  public static String demoDrill(RollbackMethod method) {
    return DemoConfig.drillName(method);
  }

  /** What drill {@code name} would do, from its preflight alone; nothing is changed. */
  public RollbackPlan dryRun(DrillPlan plan, String name, boolean allowProduction)
      throws GitHubException, PreflightException, InfrastructureException {
    DrillConfig drill = plan.drill(name);
    try (KubernetesCluster cluster = adapters.cluster(drill.target().kubeconfig(), drill.target().context())) {
      return adapters.service(cluster, plan.config(), allowProduction).engine().plan(drill);
    }
  }

  /**
   * Runs drill {@code name} now, as a Quartz job fired at once, unless one of its freeze windows holds it.
   *
   * @see #drillNow(DrillPlan, String, boolean, boolean, Abort, DrillWatcher)
   */
  public DrillNow drillNow(DrillPlan plan, String name, boolean allowProduction, Abort abort, DrillWatcher watcher)
      throws ClusterException, GitHubException, InterruptedException {
    return drillNow(plan, name, allowProduction, false, abort, watcher);
  }

  /**
   * Runs drill {@code name} now, as a Quartz job fired at once. A drill that died on its target earlier is recovered
   * first (that puts the target back, so a freeze does not stop it); then a drill inside one of its freeze windows is
   * recorded FROZEN, before its lock is taken, unless {@code ignoreFreeze}: then it runs and its entry says who
   * overrode which freeze. When a live drill of the target is seen, this one is recorded SKIPPED and nothing is
   * touched.
   *
   * @param abort stops the drill (it still restores)
   */
  public DrillNow drillNow(DrillPlan plan, String name, boolean allowProduction, boolean ignoreFreeze, Abort abort,
      DrillWatcher watcher) throws ClusterException, GitHubException, InterruptedException {
    DrillConfig drill = plan.drill(name);
    try (KubernetesCluster cluster = adapters.cluster(drill.target().kubeconfig(), drill.target().context())) {
      DrillService service = adapters.service(cluster, plan.config(), allowProduction);
      List<Found> found = adapters.recovery(cluster, plan.config(), service).run(List.of(drill), "drillbook drill");
      watcher.recovered(found);
      Optional<Found> running = found.stream().filter(f -> f.outcome() == Recovery.Outcome.IN_PROGRESS).findFirst();
      if (running.isPresent()) {
        // Its holder was seen alive: this drill must not follow on its heels as if the target were free.
        return new DrillNow(found, service.recordNotRun(drill, timing.now(), Verdict.SKIPPED, "another drill of "
            + drill.target().qualifiedName() + " is running: " + running.get().message()));
      }
      Optional<ActiveFreeze> freeze = plan.config().freezes().activeAt(drill.name(), timing.now());
      if (freeze.isPresent() && !ignoreFreeze) {
        return new DrillNow(found, service.recordFrozen(drill, timing.now(), freeze.get(), null));
      }
      watcher.starting(drill);
      Map<String, String> facts = freeze.map(f -> Freezing.overridden(f, whoOverrides())).orElse(Map.of());
      return new DrillNow(found, new OnDemand(service, timing).run(drill, abort, watcher, facts));
    }
  }

  /** The person behind {@code --ignore-freeze}, as the environment names them; null when it does not. */
  private String whoOverrides() {
    String user = environment.getOrDefault("USER", environment.get("LOGNAME"));
    String host = environment.get("HOSTNAME");
    return user == null ? null : host == null ? user : user + " on " + host;
  }

  /**
   * Runs the daemon over the plan's drills until the process is stopped, or until {@code --max-runs} runs completed:
   * drills with a schedule fire on it, every target is recovered at start and periodically.
   */
  public Served serve(DrillPlan plan, DaemonRequest request, DaemonListener listener) throws Exception {
    if (plan.drills().stream().noneMatch(d -> d.schedule() != null)) {
      throw new InputException("no drill in " + plan.config().source() + " has a 'schedule:'; add a Quartz cron "
          + "like '0 0 4 ? * MON' to the drills the daemon should run");
    }
    DrillDaemon.Settings settings = DrillDaemon.Settings.from(plan.config().scheduler(), request.port(),
        request.maxRuns(), adapters::expand, adapters::env);
    DrillDaemon daemon = new DrillDaemon(plan.drills(),
        new TargetServices(adapters.connector(plan.config(), request.allowProduction())), settings, listener, timing,
        plan.config().freezes());
    if (request.maxRuns() != null) {
      try (daemon) {
        daemon.start();
        boolean done = daemon.awaitMaxRuns(Duration.ofHours(6));
        return new Served(done, daemon.startedRuns());
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    daemon.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.stop();
      stopped.countDown();
    }, "drillbook-schedule-stop"));
    stopped.await();
    return new Served(true, daemon.startedRuns());
  }

  /**
   * Crash recovery over every target of the plan, one connection per cluster: a dead drill's target is restored and
   * its ABORTED entry appended; a live drill's marker is only reported.
   */
  public Recovered recover(DrillPlan plan) throws GitHubException {
    Map<List<Object>, List<DrillConfig>> byCluster = new LinkedHashMap<>();
    for (DrillConfig d : plan.drills()) {
      byCluster.computeIfAbsent(Arrays.asList(d.target().kubeconfig(), d.target().context()),
          k -> new ArrayList<>()).add(d);
    }
    List<Found> found = new ArrayList<>();
    for (List<DrillConfig> drills : byCluster.values()) {
      TargetConfig first = drills.get(0).target();
      try (KubernetesCluster cluster = adapters.cluster(first.kubeconfig(), first.context())) {
        found.addAll(adapters.recovery(cluster, plan.config(), adapters.service(cluster, plan.config()))
            .run(drills, "drillbook recover"));
      } catch (ClusterException e) {
        drills.stream().map(d -> d.target().qualifiedName()).distinct().forEach(t -> found.add(
            new Found(t, Recovery.Outcome.UNCHECKED, null, "cannot reach the cluster: " + e.getMessage(), null)));
      }
    }
    long targets = plan.drills().stream().map(d -> Arrays.asList(d.target().qualifiedName(),
        d.target().kubeconfig(), d.target().context())).distinct().count();
    return new Recovered(found, (int) targets);
  }
}
