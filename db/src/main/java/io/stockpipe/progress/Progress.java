package io.stockpipe.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line for long work: {@code ingest 120/455 files (26%) 148,212 rows 95,001 rows/s ETA
 * 0:04}. On a terminal it redraws one line at most 4 times a second; otherwise (CI, a pipe) it
 * prints a new line every 10 seconds.
 */
public final class Progress {
  /** Starts progress lines for work that a service splits into parts (e.g. one per model). */
  @FunctionalInterface
  public interface Factory {
    Progress start(String task, long total, String unit, String rowUnit);

    /** Lines on standard error, as {@link #terminal(String, long, String, String)}. */
    Factory TERMINAL = Progress::terminal;

    /** Nothing printed. */
    Factory SILENT = (task, total, unit, rowUnit) -> silent();
  }

  private static final long TERMINAL_INTERVAL_NANOS = 250_000_000L;
  private static final long PIPE_INTERVAL_NANOS = 10_000_000_000L;

  private final PrintStream out;
  private final String task;
  private final String unit;
  private final String rowUnit;
  private final boolean interactive;
  private final long startNanos = System.nanoTime();
  private long total;
  private long done;
  private long rows;
  private long lastPrintNanos;
  private long lastPrintedDone = -1;
  private int lastLineLength;
  private String detail = "";

  private Progress(
      PrintStream out, String task, long total, String unit, String rowUnit, boolean interactive) {
    this.out = out;
    this.task = task;
    this.total = total;
    this.unit = unit;
    this.rowUnit = rowUnit;
    this.interactive = interactive;
    this.lastPrintNanos = startNanos;
  }

  /** Progress on standard error; redrawn in place when a console is attached. */
  public static Progress terminal(String task, long total, String unit) {
    return terminal(task, total, unit, "rows");
  }

  /**
   * As {@link #terminal(String, long, String)}, counting {@code rowUnit} (e.g. samples) where it
   * would count rows.
   */
  public static Progress terminal(String task, long total, String unit, String rowUnit) {
    return new Progress(System.err, task, total, unit, rowUnit, System.console() != null);
  }

  /** Progress that prints nothing (tests, library use). */
  public static Progress silent() {
    return new Progress(null, "", 0, "", "rows", false);
  }

  /** Text shown at the end of the line from now on, e.g. {@code loss 0.91 val 0.97}. */
  public synchronized void detail(String text) {
    this.detail = text == null ? "" : text;
  }

  public synchronized void total(long newTotal) {
    this.total = newTotal;
  }

  /** Adds finished units (files, epochs…) and rows; prints if it is time to. */
  public synchronized void advance(long units, long newRows) {
    done += units;
    rows += newRows;
    long now = System.nanoTime();
    long interval = interactive ? TERMINAL_INTERVAL_NANOS : PIPE_INTERVAL_NANOS;
    if (out != null && now - lastPrintNanos >= interval) {
      lastPrintNanos = now;
      print(false);
    }
  }

  /** Prints the final state and ends the line. */
  public synchronized void finish() {
    if (out != null && (interactive || lastPrintedDone != done)) {
      print(true);
    }
  }

  private String line() {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    StringBuilder line = new StringBuilder(task);
    if (total > 0 || done > 0) {
      // Work counted only in rows (a read, say) has no units to show.
      line.append("  ").append(done);
      if (total > 0) {
        line.append('/').append(total);
      }
      line.append(' ').append(unit);
    }
    if (total > 0) {
      line.append(String.format(Locale.ROOT, " (%d%%)", Math.round(100.0 * done / total)));
    }
    if (rows > 0) {
      line.append(
          String.format(
              Locale.ROOT, "  %,d %s  %,.0f %s/s", rows, rowUnit, rows / seconds, rowUnit));
    }
    if (total > 0 && done > 0 && done < total) {
      long etaSeconds = Math.round(seconds / done * (total - done));
      line.append("  ETA ").append(clock(Duration.ofSeconds(etaSeconds)));
    } else {
      line.append("  ")
          .append(clock(Duration.ofMillis(Math.round(seconds * 1000))))
          .append(" elapsed");
    }
    if (!detail.isEmpty()) {
      line.append("  ").append(detail);
    }
    return line.toString();
  }

  private void print(boolean last) {
    lastPrintedDone = done;
    String line = line();
    if (interactive) {
      String padding = " ".repeat(Math.max(0, lastLineLength - line.length()));
      out.print("\r" + line + padding + (last ? "\n" : ""));
      lastLineLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String clock(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
