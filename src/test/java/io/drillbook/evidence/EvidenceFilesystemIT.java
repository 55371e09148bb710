package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.EvidenceSink.Rescued;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence log on a real file system that fails: a tmpfs remounted read-only and a tiny tmpfs filled up. It
 * mounts file systems, so it needs root (skipped otherwise) and is not part of the hermetic tier; the same faults
 * through injected writes are in {@link EvidenceFaultsTest}.
 */
class EvidenceFilesystemIT {
  @TempDir Path dir;
  @TempDir Path temp;

  private static final String ENOSPC = "No space left on device";

  @Test
  void readOnlyFolderOnARealFileSystemFallsBackToTheTempDir() throws Exception {
    Path mount = dir.resolve("ro");
    Files.createDirectories(mount);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()),
        "needs root to mount a tmpfs");
    try {
      Path log = mount.resolve("maestro.md");
      new MarkdownEvidenceLog(log).append(Fixtures.passing());
      assertThat(run("mount", "-o", "remount,ro", mount.toString())).isTrue();
      MarkdownEvidenceLog readOnly = new MarkdownEvidenceLog(log, MarkdownEvidenceLog.Writes.REAL, temp);
      DrillRecord record = Fixtures.passing(Fixtures.STARTED.plusSeconds(60));

      assertThatThrownBy(() -> readOnly.append(record)).isInstanceOf(IOException.class)
          .hasMessageContaining("Read-only file system");
      Rescued rescued = readOnly.rescue(record);

      assertThat(rescued.location()).isEqualTo(temp.resolve("maestro.md.fallback-" + record.drillId() + ".md")
          .toString());
      assertThat(ChainVerifier.verify(Path.of(rescued.location())).intact()).isTrue();
    } finally {
      run("umount", mount.toString());
    }
  }

  @Test
  void realFullDiskLeavesTheLogVerifiableAndTheEntryLandsInTheTempDir() throws Exception {
    Path mount = dir.resolve("full");
    Files.createDirectories(mount);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()),
        "needs root to mount a small tmpfs");
    try {
      Path log = mount.resolve("maestro.md");
      new MarkdownEvidenceLog(log).append(Fixtures.passing());
      byte[] before = Files.readAllBytes(log);
      fill(mount.resolve("filler"));
      MarkdownEvidenceLog onFullDisk = new MarkdownEvidenceLog(log, MarkdownEvidenceLog.Writes.REAL, temp);
      DrillRecord record = Fixtures.passing(Fixtures.STARTED.plusSeconds(60));

      assertThatThrownBy(() -> onFullDisk.append(record)).isInstanceOf(IOException.class)
          .hasMessageContaining(ENOSPC);
      Rescued rescued = onFullDisk.rescue(record);

      assertThat(Files.readAllBytes(log)).isEqualTo(before);
      assertThat(ChainVerifier.verify(log).intact()).isTrue();
      assertThat(rescued.location()).startsWith(temp.toString());
      assertThat(EvidenceLogReader.readAll(Path.of(rescued.location()))).singleElement()
          .satisfies(e -> assertThat(e.record().drillId()).isEqualTo(record.drillId()));
    } finally {
      run("umount", mount.toString());
    }
  }

  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains(ENOSPC)) {
        throw e;
      }
    }
  }

  private static boolean run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
