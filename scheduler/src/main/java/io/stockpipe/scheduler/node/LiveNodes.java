package io.stockpipe.scheduler.node;

import io.stockpipe.db.Database;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler nodes alive in the cluster, by role: the started schedulers whose last check-in
 * (qrtz_scheduler_state) is recent by Quartz's own rule, within their check-in interval plus 7.5 s.
 * Clients (a command that hands work over) never check in. The check-in times are the nodes'
 * clocks, compared with this one's. Stateless.
 */
public final class LiveNodes {
  private static final long QUARTZ_GRACE_MILLIS = 7_500;

  private LiveNodes() {}

  /** Each role with the instance ids of its live schedulers; a role without any is absent. */
  public static Map<Role, List<String>> find(Database database) {
    Map<Role, List<String>> alive = new EnumMap<>(Role.class);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT sched_name, instance_name FROM qrtz_scheduler_state"
                    + " WHERE last_checkin_time + checkin_interval + ? >= ? ORDER BY 1, 2")) {
      query.setLong(1, QUARTZ_GRACE_MILLIS);
      query.setLong(2, System.currentTimeMillis());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          for (Role role : Role.ALL.runs()) {
            if (role.schedulerName().equals(rows.getString(1))) {
              alive.computeIfAbsent(role, key -> new ArrayList<>()).add(rows.getString(2));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the scheduler nodes' check-ins: " + e.getMessage(), e);
    }
    return alive;
  }
}
