package io.drillbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real API server's own record of when the Deployment controller wrote a Deployment's status: the
 * {@code update deployments/status} events of its audit log, read from where the previous read stopped.
 */
final class StatusWrites {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path auditLog;
  private long offset;

  StatusWrites(Path auditLog) {
    this.auditLog = auditLog;
  }

  /** Skips everything logged so far. */
  void mark() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(auditLog.toFile(), "r")) {
      offset = file.length();
    }
  }

  /** When the API server received each status update of {@code namespace/name} logged since the last call. */
  List<Instant> since(String namespace, String name) throws IOException {
    List<Instant> received = new ArrayList<>();
    try (RandomAccessFile file = new RandomAccessFile(auditLog.toFile(), "r")) {
      file.seek(offset);
      byte[] bytes = new byte[(int) (file.length() - offset)];
      file.readFully(bytes);
      int lastNewline = new String(bytes, StandardCharsets.UTF_8).lastIndexOf('\n');
      String text = new String(bytes, StandardCharsets.UTF_8).substring(0, lastNewline + 1);
      offset += text.getBytes(StandardCharsets.UTF_8).length;
      for (String line : text.split("\n")) {
        if (!line.contains("\"subresource\":\"status\"")) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        JsonNode ref = event.path("objectRef");
        if ("ResponseComplete".equals(event.path("stage").asText()) && "update".equals(event.path("verb").asText())
            && "deployments".equals(ref.path("resource").asText()) && namespace.equals(ref.path("namespace").asText())
            && name.equals(ref.path("name").asText()) && event.path("responseStatus").path("code").asInt() == 200) {
          received.add(Instant.parse(event.path("requestReceivedTimestamp").asText()));
        }
      }
    }
    return received;
  }
}
