package io.drillbook.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Real HTTP servers that answer every request wrongly, the way a misconfigured ingress, an SSO proxy or a cut
 * connection does: an HTML login page with 200, a proxy's 502 HTML page, or JSON cut off mid-object.
 */
final class HostileServers implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();
  final String html200;
  final String html502;
  final String truncatedJson;

  HostileServers() throws IOException {
    html200 = serve(200, "text/html; charset=utf-8", """
        <!DOCTYPE html>
        <html><head><title>Sign in - Corporate SSO</title></head>
        <body><form action="/login" method="post"><input name="user"><input type="password" name="pw"></form>
        </body></html>
        """);
    html502 = serve(502, "text/html", """
        <html>
        <head><title>502 Bad Gateway</title></head>
        <body>
        <center><h1>502 Bad Gateway</h1></center>
        <hr><center>nginx/1.25.3</center>
        </body>
        </html>
        """);
    truncatedJson = serve(200, "application/json", "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":"
        + "{\"name\":\"maestro-orchestrator\",\"namespace\":\"intelgraph-sta");
  }

  private String serve(int status, String contentType, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
