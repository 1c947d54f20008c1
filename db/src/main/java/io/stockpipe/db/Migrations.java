package io.stockpipe.db;

import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/** Flyway, the one owner of stockpipe's schema (tables, Quartz store, analyst views). */
public final class Migrations {
  private final Flyway flyway;

  public Migrations(DataSource dataSource) {
    this.flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .load();
  }

  /** Applies pending migrations; returns how many were applied. */
  public int migrate() {
    MigrateResult result = flyway.migrate();
    return result.migrationsExecuted;
  }

  /** Migrations the code has that the database has not applied yet. */
  public long pendingCount() {
    return flyway.info().pending().length;
  }

  /** The schema version applied last, or "none". */
  public String currentVersion() {
    MigrationInfo current = flyway.info().current();
    return current == null || current.getVersion() == null
        ? "none"
        : current.getVersion().getVersion();
  }

  /** One line per migration known to the code or the database, in version order. */
  public List<MigrationState> info() {
    return Arrays.stream(flyway.info().all()).map(MigrationState::of).toList();
  }

  /** A migration as Flyway sees it: applied, pending, failed… */
  public record MigrationState(
      String version, String description, String state, String installedOn) {
    static MigrationState of(MigrationInfo info) {
      return new MigrationState(
          info.getVersion() == null ? "" : info.getVersion().getVersion(),
          info.getDescription(),
          info.getState().getDisplayName(),
          info.getInstalledOn() == null ? "" : info.getInstalledOn().toString());
    }
  }
}
