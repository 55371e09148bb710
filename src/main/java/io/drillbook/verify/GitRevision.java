package io.drillbook.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The git commit a file was last committed in, when it lies in a git work tree and git is installed. */
final class GitRevision {
  private GitRevision() {}

  /** {@code <sha>}, {@code <sha> (modified since)}, or null when unknown. */
  static String of(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String sha = git(dir, "log", "-1", "--format=%H", "--", file.getFileName().toString());
    if (sha == null || sha.isBlank()) {
      return null;
    }
    String status = git(dir, "status", "--porcelain", "--", file.getFileName().toString());
    return sha.trim() + (status != null && !status.isBlank() ? " (modified since)" : "");
  }

  private static String git(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
