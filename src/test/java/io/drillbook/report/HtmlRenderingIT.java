package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the HTML report in headless Chromium and checks the screenshot shows the report, not a blank page. */
class HtmlRenderingIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void htmlReportRendersInHeadlessChromium() throws Exception {
    requireBrowser(CHROMIUM);
    ComplianceReport report = ReportWriterTest.gappyReport(dir);
    Path html = ReportWriter.write(report, dir.resolve("out")).html();
    Path png = dir.resolve("report.png");
    Path profile = Files.createDirectories(dir.resolve("profile"));
    Path output = dir.resolve("chromium.log");

    Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + png,
        "--window-size=1200,1600", html.toUri().toString()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean finished = p.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String log = Files.exists(output) ? Files.readString(output) : "";
    assertThat(finished).as("chromium did not finish within 120 s; output:%n%s", log).isTrue();
    assertThat(png).as("chromium wrote no screenshot (exit %s); output:%n%s", p.exitValue(), log).exists();

    // Kept for a human look after the build (target/ is Maven's output directory).
    Files.createDirectories(Path.of("target"));
    Files.copy(png, Path.of("target", "report-rendering.png"), StandardCopyOption.REPLACE_EXISTING);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot is not a PNG ImageIO can decode").isNotNull();
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(1600);
    Set<Integer> colors = new HashSet<>();
    long nonWhite = 0;
    long passGreen = 0;
    long failRed = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colors.add(rgb);
        if (rgb != 0xFFFFFF) {
          nonWhite++;
        }
        if (near(rgb, 0x2e7d32)) {
          passGreen++;
        }
        if (near(rgb, 0xc62828)) {
          failRed++;
        }
      }
    }
    long pixels = (long) image.getWidth() * image.getHeight();
    assertThat(colors.size()).as("distinct colours in the screenshot").isGreaterThan(20);
    assertThat(nonWhite).as("non-white pixels of %s", pixels).isGreaterThan(pixels / 20);
    assertThat(passGreen).as("pixels in the PASS green (timeline, calendar, recovery dots)").isGreaterThan(500);
    assertThat(failRed).as("pixels in the NON-COMPLIANT / over-objective red").isGreaterThan(200);
  }

  @Test
  void aMissingBrowserFailsNamingTheInstallScript() {
    assertThatThrownBy(() -> requireBrowser(dir.resolve("no-such-chromium")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(".ci/install-chromium");
  }

  /** Fails (never skips) when the browser is not there, saying how to install it. */
  static void requireBrowser(Path browser) {
    assertThat(Files.isExecutable(browser))
        .as("%s is missing: run .ci/install-chromium (installs Debian's chromium) before the report tests",
            browser)
        .isTrue();
  }

  private static boolean near(int rgb, int target) {
    int dr = Math.abs(((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF));
    int dg = Math.abs(((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF));
    int db = Math.abs((rgb & 0xFF) - (target & 0xFF));
    return dr + dg + db <= 24;
  }
}
