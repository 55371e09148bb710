package io.drillbook.sandbox;

import io.drillbook.time.Sleeper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes API on 127.0.0.1 with no cluster behind it: an in-memory API server, a simulated Deployment
 * controller that rolls out template changes step by step, and a per-Deployment health endpoint. The same port
 * serves a stateful fake of the GitHub REST API under {@code /api/v3} ({@link #githubApiUrl()}), whose
 * {@code cd-rollback.yml} workflow runs roll the seeded Deployments back for real.
 *
 * <p>Start with {@link #start(SandboxOptions)}; {@link #close()} stops the controller and the server.
 * The controller runs on one daemon thread; rollouts advance one replica step per
 * {@link SandboxOptions#rolloutDelay()} and give up after {@link SandboxOptions#progressDeadline()}.
 */
public final class Sandbox implements AutoCloseable {
  private static final Duration WORKFLOW_GIVE_UP_FLOOR = Duration.ofSeconds(60);


  private static final String CONTROLLER_USER_AGENT = "drillbook-sandbox-controller";
  private static final String DEFAULT_NAMESPACE = "default";

  private final SandboxOptions options;
  private final ApiServer server;
  private final SandboxDispatcher dispatcher;
  private final ScheduledExecutorService scheduler;
  private final KubernetesClient controllerClient;
  private final RolloutSimulator simulator;
  private final PodKeeper pods;
  private final List<RolloutCompletion> completions = new CopyOnWriteArrayList<>();
  private final GitHubStore gitHubStore;
  private final String url;
  // Held so the level set on it sticks: java.util.logging keeps loggers only weakly.
  private final java.util.logging.Logger mockServerLog = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private KubernetesClient client;

  private Sandbox(SandboxOptions options) throws IOException {
    this.options = options;
    // The mock server logs every request at INFO through java.util.logging; a drill's output must stay readable.
    mockServerLog.setLevel(java.util.logging.Level.WARNING);
    this.dispatcher = new SandboxDispatcher(options.brokenImages(), options.unsteadyImages(), CONTROLLER_USER_AGENT,
        new PodLogs(options.clock(), options.brokenImages(), options.crashingImages()), options.clock(),
        // A closing watch leaves the listener set in real time, whatever clock the sandbox's timestamps come from.
        Sleeper.REAL);
    this.server = ApiServer.start(options.port(), dispatcher, dispatcher.watchHub(), options.clock());
    this.url = "http://127.0.0.1:" + server.port();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "drillbook-sandbox-controller");
      thread.setDaemon(true);
      return thread;
    });
    this.controllerClient = newClient(CONTROLLER_USER_AGENT);
    this.pods = new PodKeeper(controllerClient, options.clock(), options.rolloutDelay(), options.brokenImages());
    this.simulator = new RolloutSimulator(controllerClient, scheduler, options.clock(), options.rolloutDelay(),
        options.progressDeadline(), options.brokenImages(), pods, completions::add);
    DeletedPods.replaceThrough(dispatcher.watchHub(), scheduler, pods);
    this.gitHubStore = new GitHubStore(options.clock());
    for (SeedDeployment seed : options.seeds()) {
      gitHubStore.addRepository(seed,
          options.workflowYaml() != null ? options.workflowYaml() : CdRollbackWorkflow.forSeed(seed));
    }
    // Workflow runs share the controller's client and thread: their cluster traffic is not a drill's.
    Duration poll = options.runStepDelay().compareTo(options.rolloutDelay()) < 0
        ? options.runStepDelay() : options.rolloutDelay();
    // A run gives up like `kubectl rollout status --timeout` in a real workflow would: never before the Deployment's
    // own progress deadline has had its say, and not on a wall-clock budget a busy machine can overrun (with 60 ms
    // test steps three progress deadlines were 0.9 s, and a loaded CI runner failed a healthy rollout on it).
    Duration giveUp = options.progressDeadline().multipliedBy(3);
    giveUp = giveUp.compareTo(WORKFLOW_GIVE_UP_FLOOR) < 0 ? WORKFLOW_GIVE_UP_FLOOR : giveUp;
    WorkflowRunner runner = new WorkflowRunner(gitHubStore, new ApiWriter(controllerClient), scheduler,
        options.runStepDelay(), poll, giveUp);
    dispatcher.serveGitHub(new GitHubApi(gitHubStore, new GitHubPayloads(url), runner, options.githubToken(),
        options.olderGitHubServer(), options.clock()));
  }

  /**
   * Starts the API server, seeds the Deployments from the options, then starts the rollout simulator.
   *
   * @throws IOException when the port cannot be bound
   */
  public static Sandbox start(SandboxOptions options) throws IOException {
    Sandbox sandbox = new Sandbox(options);
    try {
      Seeder seeder = new Seeder(new ApiWriter(sandbox.controllerClient), options.replicas(),
          options.progressDeadline(), options.clock(), sandbox.pods);
      options.seeds().forEach(seeder::seed);
      sandbox.simulator.start();
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** Base URL of the Kubernetes API, e.g. {@code http://127.0.0.1:41234}. */
  public String kubernetesUrl() {
    return url;
  }

  /**
   * URL of the health endpoint for one Deployment: 200 while it is fully rolled out on a working image,
   * 503 otherwise, 404 when there is no such Deployment.
   */
  public String healthUrl(String namespace, String deployment) {
    return url + HealthEndpoint.path(namespace, deployment);
  }

  /**
   * Writes a kubeconfig whose cluster, user and current context are all named {@code drillbook-sandbox};
   * the context namespace is that of the first seed, or {@code default}.
   *
   * @return the path written
   */
  public Path writeKubeconfig(Path path) throws IOException {
    String namespace = options.seeds().isEmpty() ? DEFAULT_NAMESPACE : options.seeds().get(0).namespace();
    if (path.toAbsolutePath().getParent() != null) {
      Files.createDirectories(path.toAbsolutePath().getParent());
    }
    return Files.writeString(path, Kubeconfig.render(url, namespace), StandardCharsets.UTF_8);
  }

  /**
   * Base URL of the fake GitHub REST API, {@code kubernetesUrl() + "/api/v3"}, as for GitHub Enterprise Server.
   * It hosts {@code sandbox/<deployment>} for every seed, each with {@code .github/workflows/cd-rollback.yml}.
   */
  public String githubApiUrl() {
    return url + GitHubApi.PREFIX;
  }

  /** The token the fake GitHub API accepts ({@code Authorization: token <t>} or {@code Bearer <t>}). */
  public String githubToken() {
    return options.githubToken();
  }

  /** What the fake GitHub holds now: issues, comments, workflow runs, files and commits. */
  public SandboxGitHub gitHub() {
    return new SandboxGitHub(gitHubStore);
  }

  /** Every rollout the simulator completed so far, in completion order (seeding records none). */
  public List<RolloutCompletion> rolloutCompletions() {
    return List.copyOf(completions);
  }

  /**
   * Kubernetes API requests received so far, not counting the sandbox's own controller traffic or health checks:
   * the requests a drill (or {@link #client()}) made.
   */
  public long apiRequestCount() {
    return dispatcher.apiRequestCount();
  }

  /**
   * When the first counted API request (see {@link #apiRequestCount()}) arrived, on the options' clock; empty until
   * one has. Benchmarks time a process from its start to its first request with it.
   */
  public Optional<Instant> firstApiRequestAt() {
    return dispatcher.firstApiRequestAt();
  }

  /** A client for this sandbox (created on first use, closed by {@link #close()}); its requests are counted. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = newClient(null);
    }
    return client;
  }

  /** The options this sandbox was started with. */
  public SandboxOptions options() {
    return options;
  }

  /** Stops the simulator, closes the clients and shuts the server down. */
  @Override
  public void close() {
    simulator.close();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (client != null) {
        client.close();
      }
    }
    controllerClient.close();
    server.close();
  }

  private KubernetesClient newClient(String userAgent) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace(DEFAULT_NAMESPACE)
        .withOauthToken(Kubeconfig.TOKEN)
        .withHttp2Disable(true);
    if (userAgent != null) {
      config.withUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }
}
