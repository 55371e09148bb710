/**
 * Reads the SRE runbook a drill is judged against: the thresholds of its alert table, the workloads it covers, its
 * rollback commands, its verification steps and where evidence goes. Entry points are {@link
 * io.drillbook.runbook.RunbookParser} and {@link io.drillbook.runbook.RunbookJson}.
 */
package io.drillbook.runbook;
