package io.drillbook.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;

/** Reads what the metrics and the daemon report about the scheduler: next fire times and the cluster's members. */
final class SchedulerState {
  private final SchedulerOptions options;
  private final Scheduler scheduler;
  private final String dataSource;

  SchedulerState(SchedulerOptions options, Scheduler scheduler, String dataSource) {
    this.options = options;
    this.scheduler = scheduler;
    this.dataSource = dataSource;
  }

  Map<String, Instant> nextFireTimes() {
    Map<String, Instant> next = new TreeMap<>();
    try {
      for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
        Trigger trigger = scheduler.getTrigger(key);
        if (trigger == null || !DrillScheduler.JOB_GROUP.equals(trigger.getJobKey().getGroup())
            || trigger.getNextFireTime() == null) {
          continue;
        }
        next.merge(trigger.getJobKey().getName(), trigger.getNextFireTime().toInstant(),
            (a, b) -> a.isBefore(b) ? a : b);
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot read the triggers: " + e.getMessage(), e);
    }
    return next;
  }

  List<ClusterMember> clusterMembers() {
    if (options.store() != SchedulerOptions.Store.JDBC) {
      return List.of();
    }
    List<ClusterMember> members = new ArrayList<>();
    try (Connection conn = DBConnectionManager.getInstance().getConnection(dataSource);
        PreparedStatement ps = conn.prepareStatement("SELECT instance_name, last_checkin_time, checkin_interval"
            + " FROM qrtz_scheduler_state WHERE sched_name = ? ORDER BY instance_name")) {
      ps.setString(1, DrillScheduler.SCHEDULER_NAME);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          members.add(new ClusterMember(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
              Duration.ofMillis(rs.getLong(3))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the cluster members: " + e.getMessage(), e);
    }
    return members;
  }
}
