package io.drillbook.drill;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Who else reconciles a drill's target, as preflight found it.
 *
 * @param chain the reconcilers, the target's direct owner first, then each owner's own owner; empty when nothing
 *     reconciles the target
 * @param refusal why the target cannot be drilled at all whatever the drill says (it is the workload of an Argo
 *     Rollouts Rollout); null otherwise
 * @param notes what was checked and found not to own the target, or could not be checked
 */
public record Ownership(List<Reconciler> chain, String refusal, List<String> notes) {
  /** Nothing reconciles the target (or the cluster cannot tell). */
  public static final Ownership NONE = new Ownership(List.of(), null, List.of());

  public Ownership {
    chain = List.copyOf(chain);
    notes = List.copyOf(notes);
  }

  /** Whether another controller reconciles the target. */
  public boolean reconciled() {
    return !chain.isEmpty();
  }

  /** The chain in one line: {@code Flux Kustomization flux-system/shop (labels ...), owned by ...}. */
  public String describe() {
    return chain.stream().map(Reconciler::describe).collect(Collectors.joining(", owned by "));
  }

  /** What a pause changes, the topmost owner first: a parent must not put a child's pause back. */
  public List<PauseStep> pauseSteps() {
    List<PauseStep> steps = new java.util.ArrayList<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      if (chain.get(i).pause() != null) {
        steps.add(chain.get(i).pause());
      }
    }
    return steps;
  }
}
