package io.stockpipe.model.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code git describe} of the build, written by the git-commit-id Maven plugin. */
public final class CodeVersion {
  private static final String CURRENT = read();

  private CodeVersion() {}

  /** e.g. {@code c55fdc3-dirty}; {@code unknown} when built outside a git checkout. */
  public static String current() {
    return CURRENT;
  }

  private static String read() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("git.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String describe = properties.getProperty("git.commit.id.describe", "");
      return describe.isBlank() ? "unknown" : describe;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
