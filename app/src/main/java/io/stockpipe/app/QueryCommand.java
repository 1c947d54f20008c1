package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryResult;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.query.ResultFormatter;
import java.time.Duration;
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
    description = {
      "Run one SQL statement and print the result: as the configured (owner) user, or with"
          + " --read-only as a login that can only read the pipeline's tables.",
      "  ./stockpipe query --read-only \"SELECT symbol, count(*) FROM price_bar GROUP BY 1\""
    })
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

  @Option(
      names = "--read-only",
      description =
          "run as the role stockpipe_reader (SELECT on the pipeline's tables, nothing else),"
              + " exactly one statement, in a read-only transaction, under --timeout")
  boolean readOnly;

  @Option(
      names = "--timeout",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description =
          "with --read-only: cancel the statement after this long; default ${DEFAULT-VALUE}")
  long timeoutSeconds;

  @Override
  public void run() {
    try (Database database = options.openMigrated()) {
      QueryResult result;
      if (readOnly) {
        try (Database reader = database.reader(options.config())) {
          result =
              QueryRunner.readOnly(reader.dataSource(), Duration.ofSeconds(timeoutSeconds))
                  .run(sql);
        }
      } else {
        result = QueryRunner.asOwner(database.dataSource()).run(sql);
      }
      spec.commandLine()
          .getOut()
          .print(
              format == Format.csv ? ResultFormatter.csv(result) : ResultFormatter.table(result));
      spec.commandLine().getOut().flush();
    }
  }
}
