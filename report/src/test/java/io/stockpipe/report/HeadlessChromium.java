package io.stockpipe.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, as the browser tests' real browser: it renders a page from a file
 * with no network (every host resolves to nothing) and gives back the DOM after the page's scripts
 * ran, or a screenshot. Without Chromium the tests that need it are skipped, unless {@code
 * STOCKPIPE_REQUIRE_BROWSER} is set, as {@code .ci/run} sets it, when they fail instead.
 */
final class HeadlessChromium {
  private static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  /** The browser, or the test is skipped (or failed, where one is required). */
  static HeadlessChromium find() {
    String configured = System.getenv("STOCKPIPE_CHROMIUM");
    List<String> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(CANDIDATES);
    for (String candidate : candidates) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return new HeadlessChromium(path);
      }
    }
    String missing =
        "no Chromium at "
            + candidates
            + ": install Debian's chromium (apt-get install chromium) or set STOCKPIPE_CHROMIUM";
    if (System.getenv("STOCKPIPE_REQUIRE_BROWSER") != null) {
      throw new IllegalStateException(missing);
    }
    Assumptions.abort(missing);
    return null;
  }

  /** The page's DOM once its scripts have run (up to 30 s of the page's own time). */
  String renderedDom(Path page, Path scratch) throws IOException, InterruptedException {
    Path dom = scratch.resolve("dom.html");
    run(scratch, dom, List.of("--dump-dom", page.toUri().toString()));
    return Files.readString(dom, StandardCharsets.UTF_8);
  }

  /** A PNG of the page, {@code width} by {@code height} pixels. */
  void screenshot(Path page, Path png, int width, int height, Path scratch)
      throws IOException, InterruptedException {
    run(
        scratch,
        scratch.resolve("screenshot.log"),
        List.of(
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars",
            page.toUri().toString()));
  }

  private void run(Path scratch, Path output, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.add("--headless");
    if ("root".equals(System.getProperty("user.name"))) {
      // Chromium's sandbox cannot start as root; a test user has it.
      command.add("--no-sandbox");
    }
    command.addAll(
        List.of(
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--user-data-dir=" + scratch.resolve("profile"),
            "--virtual-time-budget=30000",
            "--run-all-compositor-stages-before-draw"));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(false)
            .redirectOutput(output.toFile())
            .redirectError(scratch.resolve("chromium.err").toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium did not finish in 120 s: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "Chromium exited with "
              + process.exitValue()
              + ": "
              + Files.readString(scratch.resolve("chromium.err")));
    }
  }
}
