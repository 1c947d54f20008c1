package io.stockpipe.db.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL refuses to run as root. Where stockpipe runs as root (containers, CI), initdb and
 * pg_ctl run in a user namespace of their own ({@code unshare -U}), where root is an unprivileged
 * user: the same way zonky's library does it. Thread-safe; decided once per JVM.
 */
final class RootNamespace {
  private static final List<String> PREFIX = decide();

  private RootNamespace() {}

  /** The words to put before a PostgreSQL command: none, or {@code unshare -U}. */
  static List<String> prefix() {
    return PREFIX;
  }

  private static List<String> decide() {
    if (!"0".equals(output("id", "-u"))) {
      return List.of();
    }
    String insideUid = output("unshare", "-U", "id", "-u");
    return insideUid != null && !"0".equals(insideUid) ? List.of("unshare", "-U") : List.of();
  }

  private static String output(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return text.strip();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
