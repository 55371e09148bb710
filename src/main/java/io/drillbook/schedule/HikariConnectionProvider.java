package io.drillbook.schedule;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * The connection pool Quartz's JDBC store uses. Quartz instantiates it by class name and sets the
 * {@code org.quartz.dataSource.<name>.*} properties through the setters, so it must stay public with a no-arg
 * constructor; it is not meant to be used directly.
 */
public final class HikariConnectionProvider implements ConnectionProvider {
  private String url;
  private String user;
  private String password;
  private int maxConnections = 10;
  private String poolName = "drillbook-quartz";
  private HikariDataSource dataSource;

  public void setUrl(String url) {
    this.url = url;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  public void setPoolName(String poolName) {
    this.poolName = poolName;
  }

  @Override
  public void initialize() throws SQLException {
    if (url == null) {
      throw new SQLException("no JDBC URL configured for the Quartz data source");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxConnections);
    config.setPoolName(poolName);
    // Fail fast instead of blocking Quartz's threads for Hikari's default 30 s when the database is gone.
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(10_000);
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SQLException("cannot open the Quartz connection pool to " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (dataSource == null) {
      throw new SQLException("the Quartz connection pool is not initialized");
    }
    return dataSource.getConnection();
  }

  @Override
  public void shutdown() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
