package io.drillbook.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/** Writes a report's markdown, HTML and JSON files side by side. */
public final class ReportWriter {

  /**
   * Paths of the files written.
   *
   * @param markdown {@code drill-compliance-<period>.md}
   * @param html {@code drill-compliance-<period>.html}
   * @param json {@code drill-compliance-<period>.json}
   */
  public record ReportFiles(Path markdown, Path html, Path json) {}

  private static final int BUFFER = 64 * 1024;

  private ReportWriter() {}

  /** The base file name for a period: {@code drill-compliance-<since>_<until>} or {@code drill-compliance-all}. */
  public static String baseName(Period period) {
    return "drill-compliance-" + period.name();
  }

  /** Writes all three files into {@code outDir} (created if missing), replacing earlier ones. */
  public static ReportFiles write(ComplianceReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    String base = baseName(report.period());
    Path md = outDir.resolve(base + ".md");
    Path html = outDir.resolve(base + ".html");
    Path json = outDir.resolve(base + ".json");
    // The page and the JSON each take about as long; with a second core, render the page there meanwhile.
    boolean cores = Runtime.getRuntime().availableProcessors() > 1;
    // The page takes longer than markdown and JSON together: with a second core, draw it there, and let a helper
    // draw its next sections ahead, which finishes them once this thread is done with the other two files.
    ExecutorService helper = cores ? Executors.newSingleThreadExecutor(ReportWriter::daemon) : null;
    FutureTask<Void> page = new FutureTask<>(() -> {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(html), BUFFER)) {
        HtmlReport.render(report, out, cores ? helper : Runnable::run);
      }
      return null;
    });
    if (cores) {
      daemon(page).start();
    } else {
      page.run();
    }
    try {
      Files.writeString(md, MarkdownReport.render(report), StandardCharsets.UTF_8);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(json), BUFFER)) {
        JsonReport.render(report, out);
      }
    } finally {
      try {
        await(page);
      } finally {
        if (helper != null) {
          helper.shutdownNow();
        }
      }
    }
    return new ReportFiles(md, html, json);
  }

  private static Thread daemon(Runnable work) {
    Thread t = new Thread(work, "drillbook-report-html");
    t.setDaemon(true);
    return t;
  }

  private static void await(FutureTask<Void> page) throws IOException {
    try {
      page.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the HTML report");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
