package io.drillbook.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every repository of the fake GitHub. All reads and writes of repository state synchronize on this object,
 * and nothing holding it may make an HTTP call: the server's own threads would wait on it.
 */
final class GitHubStore {

  static final String OWNER = "sandbox";
  static final long OWNER_ID = 9_100_001L;
  static final String ACTOR = "drillbook-sandbox";
  static final long ACTOR_ID = 9_100_002L;

  private final Map<String, FakeRepo> repos = new LinkedHashMap<>();
  // GitHub ids are large and global; distinct ranges keep ids from different kinds apart in test output.
  private final AtomicLong ids = new AtomicLong(700_000_000L);
  private final Clock clock;

  GitHubStore(Clock clock) {
    this.clock = clock;
  }

  /** Creates {@code sandbox/<seed name>} with a README and the workflow, unless it exists already. */
  synchronized FakeRepo addRepository(SeedDeployment seed, String workflowYaml) {
    String key = key(OWNER + "/" + seed.name());
    FakeRepo existing = repos.get(key);
    if (existing != null) {
      return existing;
    }
    Instant now = now();
    FakeRepo repo = new FakeRepo(nextId(), OWNER, seed.name(), seed, now, nextId());
    String readme = "# " + seed.name() + "\n\nDeployment `" + seed.namespace() + "/" + seed.name()
        + "`, rolled back by `" + FakeRepo.WORKFLOW_PATH + "`.\n";
    repo.commit(FakeRepo.DEFAULT_BRANCH, "Initial commit", now,
        RepoFile.of("README.md", readme.getBytes(StandardCharsets.UTF_8)));
    repo.commit(FakeRepo.DEFAULT_BRANCH, "Add CD rollback workflow", now,
        RepoFile.of(FakeRepo.WORKFLOW_PATH, workflowYaml.getBytes(StandardCharsets.UTF_8)));
    repos.put(key, repo);
    return repo;
  }

  /** The repository, or a 404 (GitHub matches owner and name case-insensitively). */
  synchronized FakeRepo repo(String owner, String name) {
    FakeRepo repo = repos.get(key(owner + "/" + name));
    if (repo == null) {
      throw GitHubError.notFound();
    }
    return repo;
  }

  synchronized List<FakeRepo> repos() {
    return new ArrayList<>(repos.values());
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  /** Now, to the second like every GitHub timestamp. */
  /** Now, at GitHub's timestamp precision (seconds). */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Now, at the clock's own precision: for durations no GitHub payload shows. */
  Instant preciseNow() {
    return clock.instant();
  }

  private static String key(String fullName) {
    return fullName.toLowerCase(Locale.ROOT);
  }
}
