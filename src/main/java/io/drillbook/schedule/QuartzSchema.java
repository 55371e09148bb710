package io.drillbook.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/** Creates Quartz's PostgreSQL tables, from the script shipped in the Quartz jar, in the connection's schema. */
final class QuartzSchema {
  static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
  // Any constant works; it only has to be the same for every drillbook instance.
  private static final long LOCK_KEY_SEED = 0x6472696c6c626bL;

  private QuartzSchema() {}

  /**
   * Creates the tables unless {@code qrtz_job_details} already exists in the current schema.
   *
   * @return true when this call created them
   */
  static boolean ensure(String jdbcUrl, String user, String password) throws SQLException {
    try (Connection conn = DriverManager.getConnection(jdbcUrl, user, password)) {
      conn.setAutoCommit(false);
      try {
        String schema = currentSchema(conn, jdbcUrl);
        // Serializes concurrent first starts; the lock is released with the transaction.
        try (PreparedStatement lock = conn.prepareStatement("SELECT pg_advisory_xact_lock(? + hashtext(?))")) {
          lock.setLong(1, LOCK_KEY_SEED);
          lock.setString(2, schema);
          lock.execute();
        }
        if (tablesExist(conn, schema)) {
          conn.commit();
          return false;
        }
        try (Statement st = conn.createStatement()) {
          for (String sql : statements(script())) {
            st.execute(sql);
          }
        }
        conn.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      }
    }
  }

  private static String currentSchema(Connection conn, String jdbcUrl) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
      rs.next();
      String schema = rs.getString(1);
      if (schema == null) {
        throw new SQLException("the schema named by currentSchema in " + jdbcUrl + " does not exist; create it first");
      }
      return schema;
    }
  }

  static boolean tablesExist(Connection conn, String schema) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'qrtz_job_details'")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static String script() {
    try (InputStream in = JobStoreSupport.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is not on the classpath; is the Quartz jar there?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCRIPT, e);
    }
  }

  /** The script's statements without comments, DROPs and its trailing COMMIT (the caller owns the transaction). */
  static List<String> statements(String script) {
    StringBuilder body = new StringBuilder();
    for (String line : script.split("\\R")) {
      int comment = line.indexOf("--");
      body.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
    }
    List<String> out = new ArrayList<>();
    for (String raw : body.toString().split(";")) {
      String sql = raw.strip();
      String head = sql.toUpperCase(Locale.ROOT);
      if (sql.isEmpty() || head.startsWith("DROP ") || head.equals("COMMIT")) {
        continue;
      }
      out.add(sql);
    }
    return out;
  }
}
