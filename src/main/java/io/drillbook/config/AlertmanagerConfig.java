package io.drillbook.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The Alertmanager drills read alerts from and, when asked, silence their target in.
 *
 * @param url the server's base URL (where {@code /api/v2} is served), e.g. {@code http://alertmanager:9093}
 * @param tokenFile file holding a bearer token, or null when none is needed
 * @param silence whether drills silence their target's alerts by default
 * @param silenceFor how far ahead a silence expires; renewed while the drill runs, so a crashed drill's silence
 *     lapses within this
 */
public record AlertmanagerConfig(URI url, Path tokenFile, boolean silence, Duration silenceFor) {
  public static final Duration DEFAULT_SILENCE_FOR = Duration.ofMinutes(5);

  public AlertmanagerConfig {
    Objects.requireNonNull(url, "'url' must not be null");
    Objects.requireNonNull(silenceFor, "'silenceFor' must not be null");
  }
}
