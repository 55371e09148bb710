package io.drillbook.notify;

import io.drillbook.config.NotificationConfig;
import io.drillbook.drill.DrillNotifier;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.time.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Posts a drill's verdict to incoming webhooks (Slack-compatible or drillbook's JSON), retrying what a retry can fix
 * (no connection, 429, 5xx) with backoff. A webhook's URL is its credential: messages name it by its place in the
 * config ({@code notifications[0]}), never by URL.
 */
public final class WebhookNotifier implements DrillNotifier {
  /** One webhook: its config and the URL read from its file. */
  public record Webhook(NotificationConfig config, URI url) {
    @Override
    public String toString() {
      return "Webhook[" + config.format() + ", url=<hidden>]";
    }
  }

  static final int ATTEMPTS = 4;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private final List<Webhook> webhooks;
  private final Timing timing;
  private final HttpClient http;

  public WebhookNotifier(List<Webhook> webhooks, Timing timing) {
    this.webhooks = List.copyOf(webhooks);
    this.timing = timing;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public DrillRecord notify(DrillRecord record, String evidenceLink) {
    List<String> delivered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < webhooks.size(); i++) {
      Webhook hook = webhooks.get(i);
      if (!hook.config().every() && record.verdict() != Verdict.FAIL) {
        continue;
      }
      String name = "notifications[" + i + "] (" + hook.config().format().name().toLowerCase(Locale.ROOT) + ")";
      String body = hook.config().format() == NotificationConfig.Format.SLACK
          ? Payloads.slack(record, evidenceLink) : Payloads.json(record, evidenceLink);
      String outcome = deliver(hook.url(), body);
      if (outcome.startsWith("delivered")) {
        delivered.add(name + " " + outcome);
      } else {
        failed.add(name + " " + outcome);
      }
    }
    DrillRecord out = record;
    if (!delivered.isEmpty()) {
      out = out.withFact("notified", String.join("; ", delivered));
    }
    if (!failed.isEmpty()) {
      out = out.withFact("notificationErrors", String.join("; ", failed));
    }
    return out;
  }

  /** Posts until delivered, a refusal a retry cannot fix, or {@link #ATTEMPTS} tries; says which. */
  private String deliver(URI url, String body) {
    Duration backoff = FIRST_BACKOFF;
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Duration wait = backoff;
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json").header("User-Agent", "drillbook")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        if (status / 100 == 2) {
          return "delivered (HTTP " + status + ")" + (attempt > 1 ? " on attempt " + attempt : "");
        }
        last = "HTTP " + status + answerText(answer.body());
        if (status != 429 && status / 100 != 5) {
          return "refused with " + last + " (not retried)";
        }
        wait = answer.headers().firstValue("Retry-After").map(WebhookNotifier::seconds).orElse(backoff);
      } catch (IOException e) {
        last = "no answer (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "not delivered: interrupted";
      }
      if (attempt < ATTEMPTS) {
        try {
          timing.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "not delivered: interrupted after " + last;
        }
        backoff = backoff.multipliedBy(2);
      }
    }
    return "not delivered after " + ATTEMPTS + " attempts: " + last;
  }

  private static Duration seconds(String retryAfter) {
    try {
      Duration d = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
      return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    } catch (NumberFormatException e) {
      return FIRST_BACKOFF;
    }
  }

  /** A short, printable piece of the receiver's answer: Slack says why in a word ({@code invalid_token}). */
  private static String answerText(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = body.replaceAll("\\s+", " ").strip().replaceAll("[^\\x20-\\x7e]", "?");
    return ": " + (line.length() > 80 ? line.substring(0, 80) + "..." : line);
  }
}
