package io.drillbook.signals;

import io.drillbook.alertmanager.AlertmanagerClient;
import io.drillbook.alertmanager.AlertmanagerException;
import io.drillbook.alertmanager.Silence;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.LabelMatchers;
import io.drillbook.drill.DrillAnnouncer;
import io.drillbook.drill.DrillRecord;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Silences the target's alerts in Alertmanager while a drill runs, the way the target's Lease is held: a short
 * expiry, renewed every third of it, expired when the drill ends. A drill that dies stops renewing, so its silence
 * lapses by itself within {@code alertmanager.silenceFor}. The silence always matches the target's namespace exactly,
 * so a shared Alertmanager never silences another team's alerts; alerts that fire meanwhile are still recorded (the
 * silence stops the paging, not the evidence).
 */
public final class SilenceAnnouncer implements DrillAnnouncer {
  private final AlertmanagerClient alertmanager;
  private final Duration silenceFor;
  private final Timing timing;
  private final String createdBy;

  /** @param createdBy who the silence names as its author (drillbook and its host) */
  public SilenceAnnouncer(AlertmanagerClient alertmanager, Duration silenceFor, Timing timing, String createdBy) {
    this.alertmanager = alertmanager;
    this.silenceFor = silenceFor;
    this.timing = timing;
    this.createdBy = createdBy;
  }

  /** The drill's matchers with the namespace pinned to the target's, exactly. */
  static List<Silence.Matcher> matchers(DrillConfig drill) {
    Map<String, String> scoped = new LinkedHashMap<>();
    scoped.put("namespace", drill.target().namespace());
    LabelMatchers.of(drill).forEach((key, value) -> {
      if (!key.replaceAll("(=~|!=|!~)$", "").equals("namespace")) {
        scoped.put(key, value);
      }
    });
    return AlertmanagerClient.matchers(scoped);
  }

  @Override
  public Announced begin(DrillConfig drill, String drillId, Instant startedAt) {
    if (!Boolean.TRUE.equals(drill.signals().silence())) {
      return record -> Map.of();
    }
    List<Silence.Matcher> matchers = matchers(drill);
    String comment = "drillbook rollback drill " + drillId + " of " + drill.target().qualifiedName()
        + ": renewed while it runs, lapses by itself within " + silenceFor.toMinutes() + " min if it dies";
    Instant now = timing.now();
    try {
      Silence silence = alertmanager.createSilence(matchers, now, now.plus(silenceFor), createdBy, comment);
      return new Held(silence, comment);
    } catch (AlertmanagerException e) {
      String why = e.getMessage();
      return record -> Map.of("silence", "not created (" + why + "); the drill's alerts may have paged");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return record -> Map.of("silence", "not created (interrupted)");
    }
  }

  /** One drill's silence, renewed on a daemon thread until the drill ends. */
  private final class Held implements Announced {
    private final ScheduledExecutorService renewer;
    private final String comment;
    private final Instant from;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();
    private volatile Silence current;
    private volatile int renewals;
    private volatile String renewError;

    Held(Silence silence, String comment) {
      this.current = silence;
      this.comment = comment;
      this.from = silence.startsAt();
      ids.add(silence.id());
      renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drillbook-silence-renewer");
        t.setDaemon(true);
        return t;
      });
      long every = Math.max(1, silenceFor.toMillis() / 3);
      renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        current = alertmanager.extendSilence(current, timing.now().plus(silenceFor), createdBy, comment);
        synchronized (ids) {
          ids.add(current.id());
        }
        renewals++;
        renewError = null;
      } catch (AlertmanagerException e) {
        renewError = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public Map<String, String> end(DrillRecord record) {
      renewer.shutdownNow();
      try {
        renewer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Map<String, String> facts = new LinkedHashMap<>();
      List<String> all;
      synchronized (ids) {
        all = new ArrayList<>(ids);
      }
      String ended;
      try {
        ended = alertmanager.expireSilence(current.id()) ? "expired at " + timing.now()
            : "had already lapsed at " + current.endsAt();
      } catch (AlertmanagerException e) {
        ended = "NOT expired (" + e.getMessage() + "); it lapses by itself at " + current.endsAt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ended = "NOT expired (interrupted); it lapses by itself at " + current.endsAt();
      }
      facts.put("silence", String.join(", ", all) + " in Alertmanager " + alertmanager.url() + " on "
          + current.matchers().stream().map(Silence.Matcher::toString).reduce((a, b) -> a + ", " + b).orElse("")
          + ", from " + from + " (" + silenceFor.toMinutes() + " min ahead, renewed " + renewals + " times), "
          + ended + (all.size() > 1 ? "; Alertmanager replaced it " + (all.size() - 1) + " times" : ""));
      if (renewError != null) {
        facts.put("silenceError", "the last renewal failed: " + renewError);
      }
      return facts;
    }
  }
}
