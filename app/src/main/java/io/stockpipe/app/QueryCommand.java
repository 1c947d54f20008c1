package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryResult;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.query.ResultFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stockpipe query "SQL"}: an operator's SQL, printed as a table or CSV. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Run one SQL statement as the configured (owner) user and print the result.")
public final class QueryCommand implements Runnable {
  /** How to print a result. */
  enum Format {
    table,
    csv
  }

  @Mixin DatabaseOptions options;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SQL", description = "the statement, quoted")
  String sql;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table (aligned, for people) or csv (for scripts); default ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--read-only", description = "run inside a read-only transaction")
  boolean readOnly;

  @Override
  public void run() {
    try (Database database = options.openMigrated()) {
      QueryResult result = new QueryRunner(database.dataSource()).run(sql, readOnly);
      spec.commandLine()
          .getOut()
          .print(
              format == Format.csv ? ResultFormatter.csv(result) : ResultFormatter.table(result));
      spec.commandLine().getOut().flush();
    }
  }
}
