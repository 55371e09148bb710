package io.drillbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.app.Drillbook;
import io.drillbook.evidence.ChainVerifier.Problem;
import io.drillbook.evidence.ChainVerifier.Result;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drillbook audit verify LOG...}: recomputes each log's hash chain. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Recompute the hash chain of evidence logs and name the first broken entry and what broke "
        + "(edited, deleted, reordered, inserted, unparseable, dated in the future).", "Exit 0 when every log is "
        + "intact, 1 when one is not, 2 when a log cannot be read or holds no drillbook entry."})
final class AuditVerifyCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Evidence logs (markdown).")
  List<Path> logs;

  @Mixin
  OutputOption output;

  AuditVerifyCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    List<Result> results = drillbook.audits().verify(logs);
    PrintWriter out = terminal.out();
    if (output.format == OutputFormat.json) {
      ArrayNode array = new ObjectMapper().createArrayNode();
      for (Result r : results) {
        ObjectNode o = array.addObject();
        o.put("log", r.file().toString());
        o.put("intact", r.intact());
        o.put("entries", r.entries());
        ArrayNode legacy = o.putArray("legacySections");
        r.legacyLines().forEach(legacy::add);
        ArrayNode problems = o.putArray("problems");
        for (Problem p : r.problems()) {
          problems.addObject().put("kind", p.kind().name().toLowerCase(Locale.ROOT)).put("line", p.line())
              .put("drillId", p.drillId()).put("message", p.message());
        }
      }
      ObjectNode root = new ObjectMapper().createObjectNode();
      root.put("intact", results.stream().allMatch(Result::intact));
      root.set("logs", array);
      out.println(root);
    } else {
      for (Result r : results) {
        if (r.intact()) {
          out.printf(Locale.ROOT, "%s: intact, %d entries%s%n", r.file(), r.entries(), r.legacyLines().isEmpty() ? ""
              : ", " + r.legacyLines().size() + " hand-written section(s) without chain data (lines "
                  + r.legacyLines() + ", unverifiable)");
        } else {
          out.printf(Locale.ROOT, "%s: BROKEN at line %d: %s%n", r.file(), r.problems().get(0).line(),
              Text.printable(r.problems().get(0).message()));
          for (Problem p : r.problems()) {
            out.printf(Locale.ROOT, "  %-10s line %-6d %s%n", p.kind().name().toLowerCase(Locale.ROOT), p.line(),
                Text.printable(p.message()));
          }
        }
      }
    }
    out.flush();
    return results.stream().allMatch(Result::intact) ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
