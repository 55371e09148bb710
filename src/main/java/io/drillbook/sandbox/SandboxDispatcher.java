package io.drillbook.sandbox;

import io.drillbook.time.Sleeper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mock API's CRUD store plus the sandbox's own paths (health, pod logs, the fake GitHub), and a count of the API requests that did not
 * come from the sandbox's own controller.
 */
final class SandboxDispatcher extends KubernetesCrudDispatcher {

  private static final int CLOSING_WATCH_RETRIES = 200;
  private static final Duration CLOSING_WATCH_PAUSE = Duration.ofMillis(1);

  private final HealthEndpoint health;
  private final PodLogs podLogs;
  private final String controllerUserAgent;
  private final AtomicLong apiRequests = new AtomicLong();
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicReference<Instant> firstApiRequest = new AtomicReference<>();
  private final java.util.concurrent.Executor watchCloser = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "drillbook-sandbox-watch-close");
    t.setDaemon(true);
    return t;
  });
  private final PodMetrics podMetrics;
  private final WatchHub watches = new WatchHub(this::requestResourceVersion);
  private volatile GitHubApi gitHub;

  /** @param sleeper waits between the sends of an event a closing watch rejected */
  SandboxDispatcher(Set<String> brokenImages, String controllerUserAgent, PodLogs podLogs, Clock clock,
      Sleeper sleeper) {
    this(brokenImages, Set.of(), controllerUserAgent, podLogs, clock, sleeper);
  }

  /** @param unsteadyImages images whose pods' CPU swings in the metrics API */
  SandboxDispatcher(Set<String> brokenImages, Set<String> unsteadyImages, String controllerUserAgent,
      PodLogs podLogs, Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.health = new HealthEndpoint(brokenImages, this::deployment);
    this.podLogs = podLogs;
    this.podMetrics = new PodMetrics(clock, unsteadyImages);
    this.controllerUserAgent = controllerUserAgent;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    if (GitHubApi.handles(path)) {
      GitHubApi api = gitHub;
      return api == null ? new MockResponse().setResponseCode(404) : api.respond(request);
    }
    if (path != null && path.startsWith(HealthEndpoint.PREFIX)) {
      return health.respond(path);
    }
    if (!controllerUserAgent.equals(request.getHeader("User-Agent"))) {
      if (apiRequests.getAndIncrement() == 0) {
        firstApiRequest.compareAndSet(null, clock.instant());
      }
    }
    if (PodLogs.handles(request.getMethod(), path)) {
      return podLogs.respond(path, this::pod);
    }
    if (PodMetrics.handles(request.getMethod(), path)) {
      return podMetrics.respond(path, this::stored);
    }
    MockResponse discovery = Discovery.respond(request);
    if (discovery != null) {
      return discovery;
    }
    if (StrategicMergePatch.handles(request)) {
      request = StrategicMergePatch.asJsonPatch(request, this::stored);
    } else if (MergePatch.handles(request)) {
      request = MergePatch.asJsonPatch(request, this::stored);
    }
    FieldSelector fields = FieldSelector.of(request);
    MockResponse response = super.dispatch(fields == null ? request : FieldSelector.withoutSelector(request));
    // Without a Content-Type, client-go assumes the protobuf it asked for and fails to decode (kubectl undo).
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    if ("GET".equalsIgnoreCase(request.getMethod()) && response.code() == 200 && response.getBody() != null
        && response.getWebSocketListener() == null) {
      String body = ListKinds.typed(request.getPath(), response.getBody().readUtf8());
      if (fields != null) {
        body = fields.filter(body);
      }
      if (ServerTables.wanted(request.getHeader("Accept"))) {
        body = table(request.getPath(), body);
      }
      response.setBody(body);
    }
    return response;
  }

  private String table(String path, String body) {
    String resource = ServerTables.resourceOf(path);
    String table = resource == null ? null : ServerTables.render(resource, body,
        UrlParts.query(path).get("includeObject"), clock.instant());
    return table == null ? body : table;
  }

  /** Starts answering the fake GitHub's paths; set once the server's URL is known, which payloads need. */
  void serveGitHub(GitHubApi api) {
    this.gitHub = api;
  }

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    if (response.getWebSocketListener() != null) {
      response.withWebSocketUpgrade(new OffLoopClosing(response.getWebSocketListener(), watchCloser));
    }
    return response;
  }

  // Every store change also goes to the streaming HTTP watches; the super class only feeds its WebSocket ones.
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String before = oldAttributes == null ? null : map.get(oldAttributes);
    for (int attempt = 1; ; attempt++) {
      try {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        break;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // fabric8's WatchEventsListener shuts its executor down before it leaves the listener set (its onClosed,
        // run off the event loop): an event sent in that window is rejected, and the exception used to abort the
        // write's response, so the client hung until its timeout (seen as a 10 s PATCH timeout in CI). The
        // closing watch leaves within moments; send again (a watch may see the same resourceVersion twice, an
        // informer ignores that) rather than lose the event for every other watch. The store is put back as it
        // was first, since the super class only sends events for a state that differs from the stored one.
        if (attempt == CLOSING_WATCH_RETRIES) {
          break;
        }
        if (oldAttributes != null && before != null) {
          map.put(oldAttributes, before);
        }
        try {
          sleeper.sleep(CLOSING_WATCH_PAUSE);
        } catch (InterruptedException interrupted) {
          // The event must still reach the other watches; keep the flag for whoever owns this thread.
          Thread.currentThread().interrupt();
        }
      }
    }
    if (!java.util.Objects.equals(before, newState)) {
      watches.changed(before, newState);
    }
  }

  WatchHub watchHub() {
    return watches;
  }

  long apiRequestCount() {
    return apiRequests.get();
  }

  Optional<Instant> firstApiRequestAt() {
    return Optional.ofNullable(firstApiRequest.get());
  }

  private String stored(String path) {
    MockResponse response = handleGet(path);
    return response.code() == 200 && response.getBody() != null ? response.getBody().readUtf8() : null;
  }

  private Optional<Pod> pod(String namespace, String name) {
    MockResponse response = handleGet("/api/v1/namespaces/" + namespace + "/pods/" + name);
    if (response.code() != 200 || response.getBody() == null) {
      return Optional.empty();
    }
    return Optional.of(Serialization.unmarshal(response.getBody().readUtf8(), Pod.class));
  }

  private Optional<Deployment> deployment(String namespace, String name) {
    MockResponse response = handleGet("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name);
    if (response.code() != 200 || response.getBody() == null) {
      return Optional.empty();
    }
    return Optional.of(Serialization.unmarshal(response.getBody().readUtf8(), Deployment.class));
  }
}
