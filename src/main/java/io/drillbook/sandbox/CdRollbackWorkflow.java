package io.drillbook.sandbox;

/** The built-in {@code .github/workflows/cd-rollback.yml} of a fake repository, written for its seed. */
final class CdRollbackWorkflow {

  private CdRollbackWorkflow() {}

  static String forSeed(SeedDeployment seed) {
    return TEMPLATE
        .replace("@NAMESPACE@", seed.namespace())
        .replace("@DEPLOYMENT@", seed.name())
        .replace("@CONTAINER@", seed.containerName())
        .replace("@IMAGE_REPOSITORY@", ImageRefs.repository(seed.currentImage()));
  }

  private static final String TEMPLATE = """
      name: CD rollback

      run-name: "Rollback ${{ inputs.environment }} to ${{ inputs.image_tag }} (drill ${{ inputs.drill_id }})"

      on:
        workflow_dispatch:
          inputs:
            environment:
              description: Environment to roll back
              required: true
              type: choice
              options: [staging, sandbox]
              default: staging
            image_tag:
              description: Image tag of the release to go back to, e.g. 1.4.1
              required: true
              type: string
            drill_id:
              description: drillbook drill id, shown in the run name
              required: false
              type: string

      permissions:
        contents: read
        id-token: write

      concurrency:
        group: cd-rollback-${{ inputs.environment }}
        cancel-in-progress: false

      env:
        NAMESPACE: @NAMESPACE@
        DEPLOYMENT: @DEPLOYMENT@
        CONTAINER: @CONTAINER@
        IMAGE_REPOSITORY: @IMAGE_REPOSITORY@

      jobs:
        rollback:
          name: Roll back ${{ inputs.environment }}
          runs-on: ubuntu-latest
          environment: ${{ inputs.environment }}
          timeout-minutes: 15
          steps:
            - name: Check out
              uses: actions/checkout@v4

            - name: Set up kubectl
              uses: azure/setup-kubectl@v4
              with:
                version: v1.30.2

            - name: Configure cluster access
              env:
                KUBECONFIG_B64: ${{ secrets.KUBECONFIG_B64 }}
              run: |
                echo "$KUBECONFIG_B64" | base64 -d > "$RUNNER_TEMP/kubeconfig"
                echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"

            - name: Deploy the earlier release
              run: |
                kubectl -n "$NAMESPACE" set image "deployment/$DEPLOYMENT" \\
                  "$CONTAINER=$IMAGE_REPOSITORY:${{ inputs.image_tag }}"

            - name: Wait for the rollout
              run: kubectl -n "$NAMESPACE" rollout status "deployment/$DEPLOYMENT" --timeout=10m

            - name: Show what runs now
              if: always()
              run: kubectl -n "$NAMESPACE" get "deployment/$DEPLOYMENT" -o wide
      """;
}
