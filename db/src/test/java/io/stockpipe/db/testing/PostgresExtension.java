package io.stockpipe.db.testing;

import io.stockpipe.db.Database;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real, migrated, empty PostgreSQL: {@code @ExtendWith(PostgresExtension.class)} and
 * a {@link Database} parameter.
 */
public final class PostgresExtension implements BeforeEachCallback, ParameterResolver {
  @Override
  public void beforeEach(ExtensionContext context) {
    TestDatabase.reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Database.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TestDatabase.get();
  }
}
