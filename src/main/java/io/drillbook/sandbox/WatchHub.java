package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Every change the CRUD store makes, in resourceVersion order, for the streaming HTTP watches kubectl and client-go
 * open ({@code ?watch=true}): a watch from resourceVersion N gets the changes after N, then the live ones; a watch
 * without one (or from "0") first gets every matching object as ADDED, as the real API server sends. A watch from a
 * resourceVersion older than the retained history is told 410 Gone ({@code Expired}), as client-go expects.
 */
final class WatchHub {

  /** One change: its type (ADDED, MODIFIED, DELETED), the object after it (before, for DELETED), its version. */
  record Change(String type, JsonNode object, long resourceVersion) {}

  /** What a new watch gets: the changes to replay, or {@code gone} when its resourceVersion is too old. */
  record Start(List<Change> replay, boolean gone, long oldest, long current, Runnable cancel) {}

  static final int HISTORY = 5000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LongSupplier nextResourceVersion;
  private final Deque<Change> history = new ArrayDeque<>();
  private final Map<String, JsonNode> objects = new LinkedHashMap<>();
  private final List<Consumer<Change>> watchers = new CopyOnWriteArrayList<>();
  private boolean truncated;

  WatchHub(LongSupplier nextResourceVersion) {
    this.nextResourceVersion = nextResourceVersion;
  }

  /** Records one store change; {@code before} or {@code after} is null for a create or a delete. */
  synchronized void changed(String before, String after) {
    try {
      Change change;
      if (after != null) {
        JsonNode object = JSON.readTree(after);
        String key = key(object);
        change = new Change(objects.containsKey(key) ? "MODIFIED" : "ADDED", object, version(object));
        objects.put(key, object);
      } else if (before != null) {
        ObjectNode object = (ObjectNode) JSON.readTree(before);
        objects.remove(key(object));
        long version = nextResourceVersion.getAsLong();
        ((ObjectNode) object.path("metadata")).put("resourceVersion", Long.toString(version));
        change = new Change("DELETED", object, version);
      } else {
        return;
      }
      history.addLast(change);
      if (history.size() > HISTORY) {
        history.removeFirst();
        truncated = true;
      }
      watchers.forEach(w -> w.accept(change));
    } catch (IOException | ClassCastException e) {
      // Not a Kubernetes object (the store holds only those): nothing a watch could be sent.
    }
  }

  /**
   * Starts a watch: {@code resourceVersion} null or 0, or {@code initialEvents} (client-go's watch-list,
   * {@code sendInitialEvents=true}), replays every object as ADDED; otherwise the changes after it.
   * Live changes go to {@code watcher} until the returned start's {@code cancel} runs.
   */
  synchronized Start watch(String resourceVersion, boolean initialEvents, Consumer<Change> watcher) {
    List<Change> replay = new ArrayList<>();
    long from = parse(resourceVersion);
    long oldest = history.isEmpty() ? 0 : history.peekFirst().resourceVersion();
    long current = history.isEmpty() ? 0 : history.peekLast().resourceVersion();
    if (from <= 0 || initialEvents) {
      objects.values().forEach(o -> replay.add(new Change("ADDED", o, version(o))));
    } else if (truncated && from < oldest - 1) {
      return new Start(List.of(), true, oldest, current, () -> { });
    } else {
      history.stream().filter(c -> c.resourceVersion() > from).forEach(replay::add);
    }
    watchers.add(watcher);
    return new Start(replay, false, oldest, current, () -> watchers.remove(watcher));
  }

  /** Every change from now on goes to {@code listener}, on the writing thread: it must only hand work off. */
  void subscribe(Consumer<Change> listener) {
    watchers.add(listener);
  }

  private static long parse(String resourceVersion) {
    try {
      return resourceVersion == null || resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long version(JsonNode object) {
    return parse(object.path("metadata").path("resourceVersion").asText(null));
  }

  private static String key(JsonNode o) {
    return o.path("apiVersion").asText() + "/" + o.path("kind").asText() + "/"
        + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
  }
}
