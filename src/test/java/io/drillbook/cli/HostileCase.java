package io.drillbook.cli;

import io.drillbook.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One row of the hostile-input matrix: how to lay out the files, what to run, and what must come out. */
record HostileCase(String name, Setup setup, int exitCode, Mode mode, EvidenceCheck evidenceCheck) {

  /** Where the one-line error must be. */
  enum Mode {
    /** stderr holds exactly one line, {@code drillbook: ...}, and stdout is empty. */
    ERROR,
    /** The drill ran to a verdict: stdout is its JSON, whose one-line reason names the source. */
    VERDICT,
    /** The command listed what it found on stdout (audit, report, runbook show). */
    LISTING
  }

  HostileCase withEvidenceCheck(EvidenceCheck check) {
    return new HostileCase(name, setup, exitCode, mode, check);
  }

  interface Setup {
    Invocation prepare(Ctx ctx) throws Exception;
  }

  interface EvidenceCheck {
    void check(Path log) throws Exception;
  }

  /**
   * @param mentions what the message must contain (the file and line, the field, the URL)
   * @param appendsTo logs (relative to the case's folder) the run may append its entry to, nothing else
   */
  record Invocation(String[] args, String[] mentions, List<String> appendsTo) {
    static Invocation of(List<String> args, String... mentions) {
      return new Invocation(args.toArray(String[]::new), mentions, List.of());
    }

    Invocation appending(String log) {
      return new Invocation(args, mentions, List.of(log));
    }
  }

  /** The case's own folder, the misbehaving servers and the shared sandbox. */
  record Ctx(Path dir, HostileServers servers, Sandbox sandbox) {
    Path write(String name, String text) throws Exception {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      return Files.writeString(p, text);
    }

    Path write(String name, byte[] bytes) throws Exception {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      return Files.write(p, bytes);
    }

    Path mkdir(String name) throws Exception {
      return Files.createDirectories(dir.resolve(name));
    }

    Path kubeconfig() throws Exception {
      return sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    }

    /** A kubeconfig whose API server is {@code url}, with a bearer token as a real one would have. */
    Path kubeconfigAt(String url) throws Exception {
      return write("hostile.kubeconfig", """
          apiVersion: v1
          kind: Config
          clusters:
          - name: staging
            cluster: { server: "%s" }
          contexts:
          - name: staging
            context: { cluster: staging, user: drillbook }
          current-context: staging
          users:
          - name: drillbook
            user: { token: "kube-bearer-token-not-for-printing" }
          """.formatted(url));
    }
  }
}
