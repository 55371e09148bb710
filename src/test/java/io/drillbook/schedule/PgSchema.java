package io.drillbook.schedule;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * A throw-away PostgreSQL schema for one test class. The scheduler tests need PostgreSQL and fail, never skip,
 * when it is not there.
 */
final class PgSchema implements AutoCloseable {
  static final String BASE_URL =
      System.getProperty("drillbook.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getProperty("drillbook.test.pg.user", "postgres");

  final String name;

  private PgSchema(String name) {
    this.name = name;
  }

  static PgSchema create() {
    String name = "drillbook_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL is required by the scheduler tests but is not usable at " + BASE_URL
          + " as user " + USER + " (start it, or point -Ddrillbook.test.pg.url at one): " + e.getMessage(), e);
    }
    return new PgSchema(name);
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(BASE_URL + "?connectTimeout=5", USER, null);
  }

  String url() {
    return BASE_URL + "?connectTimeout=5&currentSchema=" + name;
  }

  SchedulerOptions options(String instanceId) {
    return SchedulerOptions.jdbc(url(), USER, null)
        .withInstanceId(instanceId)
        .withClusterCheckinInterval(Duration.ofSeconds(1));
  }

  long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(), USER, null); Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
