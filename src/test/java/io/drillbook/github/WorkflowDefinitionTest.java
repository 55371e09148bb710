package io.drillbook.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {
  private static final String ROLLBACK = """
      name: CD Rollback
      run-name: "Rollback ${{ inputs.environment }} to ${{ inputs.image_tag }} (${{ inputs.drill_id }})"
      on:
        workflow_dispatch:
          inputs:
            environment:
              description: Target environment
              required: true
              type: choice
              options: [staging, production]
            image_tag:
              description: Image tag to deploy
              required: true
              type: string
            dry_run:
              type: boolean
              default: false
            drill_id:
              required: false
      jobs:
        rollback:
          runs-on: ubuntu-latest
          steps:
            - run: kubectl set image deploy/api api=registry.example.com/api:${{ inputs.image_tag }}
      """;

  private final WorkflowDefinition definition = WorkflowDefinition.parse(ROLLBACK);

  @Test
  void acceptsDeclaredInputsWithAllowedValues() {
    assertThat(definition.problems(Map.of("environment", "staging", "image_tag", "1.4.1", "dry_run", "true")))
        .isEmpty();
    assertThat(definition.declares("drill_id")).isTrue();
  }

  @Test
  void namesEveryUndeclaredInput() {
    assertThat(definition.problems(Map.of("environment", "staging", "image_tag", "1.4.1", "tag", "x", "env", "y")))
        .contains("input 'tag' is not declared", "input 'env' is not declared");
  }

  @Test
  void namesAMissingRequiredInput() {
    assertThat(definition.problems(Map.of("environment", "staging")))
        .containsExactly("required input 'image_tag' is not given");
  }

  @Test
  void refusesAChoiceOutsideItsOptionsAndANonBoolean() {
    assertThat(definition.problems(Map.of("environment", "qa", "image_tag", "1", "dry_run", "yes")))
        .containsExactly("input 'environment' is 'qa', not one of [staging, production]",
            "input 'dry_run' is 'yes', but a boolean input takes true or false");
  }

  @Test
  void workflowWithoutDispatchTriggerIsRefused() {
    WorkflowDefinition push = WorkflowDefinition.parse("on: [push]\njobs: {}\n");
    assertThat(push.dispatchable()).isFalse();
    assertThat(push.problems(Map.of())).containsExactly("the workflow has no 'on: workflow_dispatch' trigger");
  }

  @Test
  void bareDispatchTriggerTakesNoInputs() {
    WorkflowDefinition bare = WorkflowDefinition.parse("on: workflow_dispatch\njobs: {}\n");
    assertThat(bare.problems(Map.of())).isEmpty();
    assertThat(bare.problems(Map.of("image_tag", "1"))).containsExactly("input 'image_tag' is not declared");
  }

  @Test
  void notYamlIsAClearError() {
    assertThatThrownBy(() -> WorkflowDefinition.parse("on: [unclosed\n")).hasMessageStartingWith(
        "the workflow file is not valid YAML");
  }

  @Test
  void imageTagsFollowRegistryReferenceRules() {
    assertThat(ImageTags.tagOf("registry.example.com:5000/maestro/orchestrator:1.4.1")).isEqualTo("1.4.1");
    assertThat(ImageTags.tagOf("registry.example.com:5000/maestro/orchestrator")).isEqualTo("latest");
    assertThat(ImageTags.tagOf("ghcr.io/acme/api@sha256:abc123")).isEqualTo("sha256:abc123");
    assertThat(ImageTags.tagOf("api:2.0, sidecar:1.1")).isEqualTo("2.0");
  }
}
