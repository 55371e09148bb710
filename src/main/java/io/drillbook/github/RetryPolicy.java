package io.drillbook.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * When to send a GitHub request again: 5xx with exponential backoff up to a few attempts, and rate limits
 * (primary: {@code X-RateLimit-Remaining: 0} until {@code X-RateLimit-Reset}; secondary: {@code Retry-After}) as
 * long as the wait stays under a cap. A longer wait is given up at once with a clear message rather than stalling a
 * drill for an hour.
 *
 * @param maxServerErrorRetries how often a 5xx is retried
 * @param firstBackoff the first 5xx backoff, doubled each time
 * @param maxRateLimitWait the longest rate-limit wait accepted
 * @param requestTimeout how long one request may wait for GitHub's answer; a GET that times out is retried like a
 *     5xx, anything else fails
 */
public record RetryPolicy(int maxServerErrorRetries, Duration firstBackoff, Duration maxRateLimitWait,
    Duration requestTimeout) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(90));

  /** A policy whose requests may take 30 s each. */
  public RetryPolicy(int maxServerErrorRetries, Duration firstBackoff, Duration maxRateLimitWait) {
    this(maxServerErrorRetries, firstBackoff, maxRateLimitWait, Duration.ofSeconds(30));
  }

  /** How long to wait before sending a GET again that timed out, empty when it has been tried often enough. */
  Optional<Duration> waitAfterTimeout(int attempt) {
    return attempt < maxServerErrorRetries
        ? Optional.of(firstBackoff.multipliedBy(1L << Math.min(attempt, 10))) : Optional.empty();
  }

  /** One request's retries so far, counted by kind: a burst of rate limits does not use up the 5xx budget. */
  static final class Tally {
    private int serverErrors;
    private int rateLimits;
  }

  /**
   * How long to wait before sending the request again, empty when the response is final.
   *
   * @param headers response header lookup (case-insensitive)
   * @param body the response body, read only for a 403 or 429 without rate-limit headers
   * @throws GitHubException when a rate limit lasts longer than the cap
   */
  Optional<Duration> waitBefore(Tally tally, int status, Function<String, String> headers, Supplier<String> body,
      Clock clock) throws GitHubException {
    if (status >= 500 && status <= 599) {
      return tally.serverErrors < maxServerErrorRetries
          ? Optional.of(firstBackoff.multipliedBy(1L << Math.min(tally.serverErrors++, 10))) : Optional.empty();
    }
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    Duration wait = rateLimitWait(headers, clock);
    if (wait == null && String.valueOf(body.get()).contains("secondary rate limit")) {
      // GitHub: a secondary rate limit without retry-after or x-ratelimit headers means wait at least a minute.
      wait = Duration.ofSeconds(60);
    }
    if (wait == null) {
      return Optional.empty();
    }
    if (wait.compareTo(maxRateLimitWait) > 0) {
      throw new GitHubException(status, "GitHub rate limit exceeded; it resets in " + wait.toSeconds()
          + " s, longer than drillbook waits (" + maxRateLimitWait.toSeconds() + " s)");
    }
    return tally.rateLimits++ < 5 ? Optional.of(wait) : Optional.empty();
  }

  /** The wait a rate-limited response asks for, or null when it is not a rate limit (a plain 403). */
  private static Duration rateLimitWait(Function<String, String> headers, Clock clock) {
    String retryAfter = headers.apply("Retry-After");
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(60);
      }
    }
    if ("0".equals(trim(headers.apply("X-RateLimit-Remaining")))) {
      String reset = headers.apply("X-RateLimit-Reset");
      if (reset == null) {
        return Duration.ofSeconds(60);
      }
      try {
        long seconds = Long.parseLong(reset.trim()) - Instant.now(clock).getEpochSecond();
        return Duration.ofSeconds(Math.max(1, seconds + 1));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(60);
      }
    }
    return null;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
