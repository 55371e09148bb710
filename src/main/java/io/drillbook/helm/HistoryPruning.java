package io.drillbook.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * Which revisions a drill's two {@code helm rollback}s prune, by Helm's own rule (pkg/storage, removeLeastRecent):
 * before writing a revision, Helm deletes the oldest revisions until {@code historyMax - 1} remain, never the newest
 * deployed one. A drill writes two revisions: the rollback (while the original is deployed), then the restore (while
 * the rollback's revision is).
 */
final class HistoryPruning {
  private HistoryPruning() {}

  /** The revision numbers the drill will delete, oldest first; none when {@code historyMax} is 0 (no limit). */
  static List<Integer> prunedByDrill(HelmHistory history, int historyMax) {
    List<Integer> pruned = new ArrayList<>();
    if (historyMax <= 0) {
      return pruned;
    }
    List<Integer> kept = new ArrayList<>(history.revisions().stream().map(HelmRevision::revision).toList());
    int deployed = history.latest().orElseThrow().revision();
    int next = deployed + 1;
    for (int write = 0; write < 2; write++) {
      for (int i = 0; kept.size() > historyMax - 1 && i < kept.size(); ) {
        if (kept.get(i) == deployed) {
          i++;
        } else {
          pruned.add(kept.remove(i));
        }
      }
      kept.add(next);
      deployed = next++;
    }
    return pruned;
  }

  /**
   * The release's last known-good revision before {@code from}: the newest older revision that was deployed and
   * then superseded (not failed, not pending), the one an operator would roll back to; -1 when there is none.
   */
  static int lastKnownGood(HelmHistory history, int from) {
    int good = -1;
    for (HelmRevision r : history.revisions()) {
      if (r.revision() < from && r.status().equals("superseded")) {
        good = r.revision();
      }
    }
    return good;
  }
}
