package io.drillbook.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One webhook drills report their verdict to.
 *
 * @param urlFile the file holding the webhook URL: an incoming webhook's URL is its credential, so it is read from
 *     a secret, never written in the config
 * @param format the payload: a Slack-compatible {@code {"text": ...}} or drillbook's JSON document
 * @param every whether every verdict is sent, not only FAIL
 */
public record NotificationConfig(Path urlFile, Format format, boolean every) {
  /** The payload shape. */
  public enum Format { SLACK, JSON }

  public NotificationConfig {
    Objects.requireNonNull(urlFile, "'urlFile' must not be null");
    Objects.requireNonNull(format, "'format' must not be null");
  }
}
