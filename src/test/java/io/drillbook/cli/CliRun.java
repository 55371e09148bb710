package io.drillbook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.time.Timing;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the real CLI with captured stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new io.drillbook.app.Drillbook(Timing.system(), java.util.Map.of()), new Terminal(new PrintWriter(out, true), new PrintWriter(err, true)),
        args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** stdout parsed as exactly one JSON object (fails if there is anything else). */
  public JsonNode json() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    var parser = mapper.createParser(out);
    JsonNode node = mapper.readTree(parser);
    if (parser.nextToken() != null) {
      throw new AssertionError("stdout holds more than one JSON value:\n" + out);
    }
    return node;
  }
}
