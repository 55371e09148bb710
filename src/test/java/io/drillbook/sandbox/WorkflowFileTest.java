package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowFileTest {

  @Test
  void readsDispatchInputsWhetherOnIsParsedAsBooleanOrString() {
    String bare = "name: W\non:\n  workflow_dispatch:\n    inputs:\n      tag: {required: true, type: string}\n";
    String quoted = bare.replace("on:", "\"on\":");

    assertThat(WorkflowFile.parse("w.yml", bare).inputs()).containsOnlyKeys("tag");
    assertThat(WorkflowFile.parse("w.yml", quoted).inputs()).containsOnlyKeys("tag");
    assertThat(WorkflowFile.parse("w.yml", "on: [push, workflow_dispatch]\n").dispatchable()).isTrue();
    assertThat(WorkflowFile.parse("w.yml", "on: push\n").dispatchable()).isFalse();
  }

  @Test
  void fillsDefaultsAndRendersTheRunName() {
    WorkflowFile file = WorkflowFile.parse("w.yml", CdRollbackWorkflow.forSeed(SeedDeployment.maestro()));

    Map<String, String> inputs = file.resolve(Map.of("image_tag", "1.4.1"));

    assertThat(inputs).containsEntry("environment", "staging").containsEntry("image_tag", "1.4.1")
        .doesNotContainKey("drill_id");
    assertThat(file.displayTitle(Map.of("environment", "staging", "image_tag", "1.4.1", "drill_id", "d-9"),
        "someone", "main")).isEqualTo("Rollback staging to 1.4.1 (drill d-9)");
    assertThat(WorkflowFile.parse("w.yml", "name: Plain\non: workflow_dispatch\n").displayTitle(Map.of(), "a", "main"))
        .isEqualTo("Plain");
  }

  @Test
  void refusesDispatchToAWorkflowWithoutTheTrigger() {
    assertThatThrownBy(() -> WorkflowFile.parse("w.yml", "on: push\n").resolve(Map.of()))
        .isInstanceOfSatisfying(GitHubError.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void createdFilterFollowsGitHubDateQualifiers() {
    Instant at = Instant.parse("2024-05-01T10:00:00Z");

    assertThat(CreatedFilter.parse(">=2024-05-01T10:00:00Z").test(at)).isTrue();
    assertThat(CreatedFilter.parse(">2024-05-01T10:00:00Z").test(at)).isFalse();
    assertThat(CreatedFilter.parse("2024-05-01").test(at)).isTrue();
    assertThat(CreatedFilter.parse("<2024-05-01").test(at)).isFalse();
    assertThat(CreatedFilter.parse("2024-04-30..2024-05-01").test(at)).isTrue();
    assertThat(CreatedFilter.parse(">=2024-05-01T12:00:00 02:00").test(at)).isTrue();
  }
}
