package io.drillbook.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one target, for injecting network faults between a client and a real server:
 * it can {@link #cutAll() cut} every open connection, go {@link #down() down} (the port refuses connections, as a
 * restarting API server's does) and come {@link #up() up} again on the same port, {@link #stall() stall} (accept and
 * hold connections but forward nothing), and {@link #delay(Duration) delay} every chunk it forwards.
 *
 * <p>Each connection is two daemon threads copying bytes; {@link #close()} stops everything.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();
  private volatile ServerSocket server;
  private volatile boolean stalled;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean closed;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = listen(0);
    this.port = server.getLocalPort();
    startAccepting(server);
  }

  /** A proxy forwarding to {@code host:port}. */
  public static TcpProxy to(String host, int port) throws IOException {
    return new TcpProxy(host, port);
  }

  /** A proxy forwarding to the host and port of {@code url} (http default port 80). */
  public static TcpProxy to(URI url) throws IOException {
    return new TcpProxy(url.getHost(), url.getPort() > 0 ? url.getPort() : 80);
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** {@code url} with its host and port replaced by this proxy's, path and query kept. */
  public URI in(URI url) {
    return URI.create(url.getScheme() + "://127.0.0.1:" + port + (url.getRawPath() == null ? "" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
  }

  /** {@code url} (a string) through this proxy. */
  public String in(String url) {
    return in(URI.create(url)).toString();
  }

  /** Connections accepted so far. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Resets every open connection (the peer sees the connection drop mid-stream); new ones are still accepted. */
  public void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** Cuts every connection and stops listening: connecting now fails with "connection refused". */
  public synchronized void down() {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      closeQuietly(s);
    }
    cutAll();
  }

  /** Listens again on the same port after {@link #down()}. */
  public synchronized void up() throws IOException {
    if (server == null && !closed) {
      server = listen(port);
      startAccepting(server);
    }
  }

  /** Keeps accepting and holding connections but forwards nothing either way until {@link #resume()}. */
  public void stall() {
    stalled = true;
  }

  /** Forwards again what stalled connections hold. */
  public void resume() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  /** Waits this long before forwarding each chunk read (zero for none). */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  @Override
  public synchronized void close() {
    closed = true;
    resume();
    down();
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void startAccepting(ServerSocket listening) {
    daemon("tcp-proxy-accept-" + port, () -> {
      while (!listening.isClosed()) {
        Socket client;
        try {
          client = listening.accept();
        } catch (IOException e) {
          return;
        }
        accepted.incrementAndGet();
        sockets.add(client);
        daemon("tcp-proxy-connect-" + port, () -> connect(client));
      }
    });
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      sockets.remove(client);
      return;
    }
    sockets.add(upstream);
    daemon("tcp-proxy-up-" + port, () -> pump(client, upstream));
    daemon("tcp-proxy-down-" + port, () -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        awaitForwarding();
        Duration d = delay;
        if (!d.isZero()) {
          Thread.sleep(d.toMillis());
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      // Cut, or the other side went away.
    } catch (IOException e) {
      // Same: this connection is over.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private void awaitForwarding() throws InterruptedException {
    synchronized (gate) {
      while (stalled && !closed) {
        gate.wait();
      }
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing is all that is wanted.
    }
  }
}
