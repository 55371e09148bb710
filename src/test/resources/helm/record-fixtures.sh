#!/usr/bin/env bash
# record-fixtures.sh KUBECONFIG: records the Helm fixtures of fixtures/ against a running test control plane
# (testcluster/start DIR writes DIR/admin.kubeconfig) with both real CLIs that testcluster/build makes:
# target/testcluster/helm (Helm 4) in namespace helm4 and target/testcluster/helm3 (Helm 3) in namespace helm3.
# Per CLI: install drill-app, two upgrades of image.tag, history, get manifest, rollback to 1, history again, the
# errors for a release or revision that does not exist; then a failing upgrade (an image the fake kubelet never
# readies) with --wait, and a `rollback --wait` to that failed revision killed with SIGKILL while it waits, what it
# leaves behind, and how it is cleared. Every command, its exit code and its output go to
# fixtures/transcript-helmN.txt; the history JSON of each step goes to fixtures/helmN-*.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/../../../../target/testcluster"
export KUBECONFIG="$1"
cd "$here"
chart=charts/drill-app
fx="$here/fixtures"
mkdir -p "$fx"
for n in 4 3; do
  helm="$bin/helm"; [ "$n" = 4 ] || helm="$bin/helm3"
  ns="helm$n"; rel=drill; log="$fx/transcript-helm$n.txt"
  : >"$log"
  run() { # run FILE CMD...: runs CMD, logs it, keeps its stdout in FILE (unless FILE is -)
    local file="$1"; shift
    local rc=0 out
    out="$("$@" 2>&1)" || rc=$?
    { echo "\$ ${*/#$bin\//}"; echo "$out"; echo "[exit $rc]"; echo; } >>"$log"
    [ "$file" = - ] || printf '%s\n' "$out" >"$fx/$file"
    return 0
  }
  "$bin/kubectl" create namespace "$ns" >/dev/null 2>&1 || true
  h="helm$n"
  run - "$helm" version
  run - "$helm" install "$rel" "$chart" -n "$ns" --wait --timeout 60s
  run - "$helm" upgrade "$rel" "$chart" -n "$ns" --set image.tag=1.1.0 --wait --timeout 60s
  run - "$helm" upgrade "$rel" "$chart" -n "$ns" --set image.tag=1.2.0 --wait --timeout 60s
  run - "$bin/kubectl" -n "$ns" rollout status deployment/drill-drill-app --timeout 30s
  run "$h-history-before-rollback.json" "$helm" history "$rel" -n "$ns" -o json
  run "$h-get-manifest.yaml" "$helm" get manifest "$rel" -n "$ns"
  run - "$helm" rollback "$rel" 1 -n "$ns" --wait --timeout 60s
  run - "$bin/kubectl" -n "$ns" rollout status deployment/drill-drill-app --timeout 30s
  run - "$bin/kubectl" -n "$ns" get deployment drill-drill-app -o "jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}/{.status.replicas} ready{\"\\n\"}"
  run "$h-history-after-rollback.json" "$helm" history "$rel" -n "$ns" -o json
  run - "$helm" history "$rel" -n "$ns"
  # Errors: a release that does not exist, a revision that does not exist.
  run - "$helm" history nosuch -n "$ns" -o json
  run - "$helm" rollback nosuch 1 -n "$ns"
  run - "$helm" rollback "$rel" 99 -n "$ns"
  run - "$helm" get manifest "$rel" -n "$ns" --revision 99
  run - "$bin/kubectl" -n "$ns" get secrets -l owner=helm --show-labels
  # A failing upgrade: the pods of an image ending in "broken" never become ready.
  run - "$helm" upgrade "$rel" "$chart" -n "$ns" --set image.tag=2.0-broken --wait --timeout 10s
  run "$h-history-failed-upgrade.json" "$helm" history "$rel" -n "$ns" -o json
  # Helm 4's --wait takes a strategy, not a boolean.
  run - "$helm" rollback "$rel" 4 -n "$ns" --wait=true --timeout 60s
  # kill -9 while `rollback --wait` waits (rolling back to the failed revision, whose pods never become ready).
  "$helm" rollback "$rel" 5 -n "$ns" --wait --timeout 120s >"$fx/.killed.out" 2>&1 &
  pid=$!
  sleep 4
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || echo "\$ $h rollback $rel 5 -n $ns --wait --timeout 120s  (killed with SIGKILL after 4 s, exit $?)" >>"$log"
  cat "$fx/.killed.out" >>"$log"; rm -f "$fx/.killed.out"; echo >>"$log"
  run "$h-history-killed-rollback.json" "$helm" history "$rel" -n "$ns" -o json
  run - "$helm" history "$rel" -n "$ns"
  run - "$helm" status "$rel" -n "$ns"
  run - "$bin/kubectl" -n "$ns" get secrets -l owner=helm --show-labels
  run - "$bin/kubectl" -n "$ns" get deployment drill-drill-app -o "jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}/{.status.replicas} ready{\"\\n\"}"
  run - "$helm" upgrade "$rel" "$chart" -n "$ns" --set image.tag=1.3.0 --wait --timeout 60s
  # Cleared by a new rollback to a good revision (rollback does not check for a pending release; upgrade does).
  run - "$helm" rollback "$rel" 4 -n "$ns" --wait --timeout 60s
  run "$h-history-cleared.json" "$helm" history "$rel" -n "$ns" -o json
  run - "$helm" upgrade "$rel" "$chart" -n "$ns" --set image.tag=1.3.0 --wait --timeout 60s
  run - "$bin/kubectl" -n "$ns" get secrets -l owner=helm --show-labels
done
