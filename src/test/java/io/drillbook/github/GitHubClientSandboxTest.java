package io.drillbook.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.drillbook.time.Sleeper;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The GitHub adapter against the sandbox's fake GitHub, over real HTTP. */
class GitHubClientSandboxTest {
  @Test
  void readsTheWorkflowAndItsFileThroughHub4j() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS))) {
      GitHubClient client = GitHubClient.connect(URI.create(sandbox.githubApiUrl()),
          GitHubToken.of(sandbox.githubToken(), "test"), RetryPolicy.DEFAULT, Sleeper.REAL, Clock.systemUTC());
      GitHubValues.Workflow w = client.workflow("sandbox/maestro-orchestrator", "cd-rollback.yml");
      assertThat(w.state()).isEqualTo("active");
      assertThat(client.file("sandbox/maestro-orchestrator", w.path(), "main")).isPresent();
    }
  }
}
