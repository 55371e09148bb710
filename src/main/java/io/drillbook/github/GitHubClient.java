package io.drillbook.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.github.GitHubValues.Dispatched;
import io.drillbook.github.GitHubValues.Issue;
import io.drillbook.github.GitHubValues.RepoFile;
import io.drillbook.github.GitHubValues.Run;
import io.drillbook.github.GitHubValues.Workflow;
import io.drillbook.time.Sleeper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHEvent;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflow;
import org.kohsuke.github.GHWorkflowRun;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The one adapter to GitHub's REST API: hub4j for everything it covers, one raw call for the dispatch (hub4j's
 * {@code GHWorkflow.dispatch} cannot ask for {@code return_run_details}). Both go through the same retry policy.
 */
public final class GitHubClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_VERSION = "2022-11-28";

  private final GitHub hub;
  private final HttpClient http;
  private final String apiUrl;
  private final AuthorizationProvider auth;
  private final String credentialSource;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Map<String, GHRepository> repositories = new ConcurrentHashMap<>();

  private GitHubClient(GitHub hub, HttpClient http, String apiUrl, AuthorizationProvider auth,
      String credentialSource, RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this.hub = hub;
    this.http = http;
    this.apiUrl = apiUrl;
    this.auth = auth;
    this.credentialSource = credentialSource;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * @param apiUrl REST root, e.g. {@code https://api.github.com} or {@code https://ghe.example.com/api/v3}
   */
  public static GitHubClient connect(URI apiUrl, GitHubToken token, RetryPolicy policy, Sleeper sleeper, Clock clock)
      throws GitHubException {
    String value = token.value();
    return connect(apiUrl, (root, http) -> () -> "Bearer " + value, token.source(), policy, sleeper, clock);
  }

  /**
   * Connects as a GitHub App installation: the app's private key signs a JWT that buys installation tokens.
   *
   * @throws IllegalArgumentException when the key file holds no RSA key
   */
  public static GitHubClient connectAsApp(URI apiUrl, long appId, long installationId, java.nio.file.Path keyFile,
      RetryPolicy policy, Sleeper sleeper, Clock clock) throws GitHubException {
    java.security.PrivateKey key = AppInstallationAuth.readPem(keyFile);
    return connect(apiUrl, (root, http) -> new AppInstallationAuth(root, appId, installationId, key, http, clock),
        "GitHub App " + appId + " installation " + installationId, policy, sleeper, clock);
  }

  private interface AuthFactory {
    AuthorizationProvider create(String root, HttpClient http);
  }

  private static GitHubClient connect(URI apiUrl, AuthFactory authFactory, String source, RetryPolicy policy,
      Sleeper sleeper, Clock clock) throws GitHubException {
    String root = apiUrl.toString().replaceAll("/+$", "");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    AuthorizationProvider auth = authFactory.create(root, http);
    try {
      GitHub hub = new GitHubBuilder()
          .withEndpoint(root)
          .withAuthorizationProvider(auth)
          .withConnector(new RetryingConnector(new TimedConnector(http, policy.requestTimeout()), policy, sleeper,
              clock))
          // The connector already waited what it may; what still fails should fail now, with a message.
          .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
          .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
          .build();
      return new GitHubClient(hub, http, root, auth, source, policy, sleeper, clock);
    } catch (IOException e) {
      throw GitHubErrors.of(e, "the API root", root, source);
    }
  }

  /** The REST root this client talks to. */
  public String apiUrl() {
    return apiUrl;
  }

  private GHRepository repository(String repo) throws GitHubException {
    GHRepository cached = repositories.get(repo);
    if (cached != null) {
      return cached;
    }
    try {
      GHRepository found = hub.getRepository(repo);
      repositories.put(repo, found);
      return found;
    } catch (IOException e) {
      throw error(e, "repository " + repo);
    }
  }

  Workflow workflow(String repo, String workflow) throws GitHubException {
    try {
      GHWorkflow w = repository(repo).getWorkflow(workflow);
      return new Workflow(w.getId(), w.getName(), w.getPath(), w.getState(), String.valueOf(w.getHtmlUrl()));
    } catch (IOException e) {
      throw error(e, "workflow " + workflow + " in " + repo);
    }
  }

  /** The file's text at {@code ref}, empty when it does not exist. */
  Optional<RepoFile> file(String repo, String path, String ref) throws GitHubException {
    try {
      GHRepository r = repository(repo);
      GHContent content = ref == null ? r.getFileContent(path) : r.getFileContent(path, ref);
      if (!"base64".equals(content.getEncoding())) {
        // Files over 1 MB come back with encoding "none" and no content: read them raw, keep the JSON's sha.
        return Optional.of(new RepoFile(raw(repo, path, ref), content.getSha(), content.getHtmlUrl()));
      }
      try (InputStream in = content.read()) {
        return Optional.of(new RepoFile(new String(in.readAllBytes(), StandardCharsets.UTF_8), content.getSha(),
            content.getHtmlUrl()));
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (e instanceof HttpException h && h.getResponseCode() == 404) {
        return Optional.empty();
      }
      throw error(e, "file " + path + " in " + repo);
    }
  }

  /** A file's bytes through the contents API's raw media type (any size up to 100 MB). */
  private String raw(String repo, String path, String ref) throws GitHubException {
    String what = "file " + path + " in " + repo;
    String url = apiUrl + "/repos/" + repo + "/contents/" + path + (ref == null ? "" : "?ref="
        + java.net.URLEncoder.encode(ref, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Accept", "application/vnd.github.raw+json").header("X-GitHub-Api-Version", API_VERSION)
        .header("User-Agent", "drillbook").GET();
    HttpResponse<String> response = send(request, what);
    if (response.statusCode() != 200) {
      throw GitHubErrors.of(response.statusCode(), response.body(), what, apiUrl, credentialSource, null);
    }
    return response.body();
  }

  /**
   * Dispatches the workflow, asking GitHub for the run it started. A server that rejects {@code return_run_details}
   * (older Enterprise Server answers 400) gets the plain request again, and the answer names no run.
   */
  Dispatched dispatch(String repo, long workflowId, String ref, Map<String, String> inputs) throws GitHubException {
    String url = apiUrl + "/repos/" + repo + "/actions/workflows/" + workflowId + "/dispatches";
    ObjectNode body = JSON.createObjectNode();
    body.put("ref", ref);
    ObjectNode in = body.putObject("inputs");
    inputs.forEach(in::put);
    body.put("return_run_details", true);
    String what = "the dispatch of workflow " + workflowId + " in " + repo;
    HttpResponse<String> response = post(url, body.toString(), what);
    if (response.statusCode() == 400 || (response.statusCode() == 422
        && String.valueOf(GitHubErrors.githubMessage(response.body())).contains("return_run_details"))) {
      body.remove("return_run_details");
      response = post(url, body.toString(), what);
    }
    int status = response.statusCode();
    if (status == 204) {
      return new Dispatched(null, null, null);
    }
    if (status == 200) {
      try {
        JsonNode json = JSON.readTree(response.body());
        return new Dispatched(json.path("workflow_run_id").asLong(), json.path("run_url").asText(null),
            json.path("html_url").asText(null));
      } catch (IOException e) {
        throw new GitHubException(200, "GitHub answered the dispatch with a body that is not JSON: "
            + abbreviate(response.body()));
      }
    }
    throw GitHubErrors.of(status, response.body(), what, apiUrl, credentialSource, null);
  }

  private HttpResponse<String> post(String url, String body, String what) throws GitHubException {
    return send(HttpRequest.newBuilder(URI.create(url))
        .timeout(policy.requestTimeout())
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", API_VERSION)
        .header("Content-Type", "application/json")
        .header("User-Agent", "drillbook")
        .POST(HttpRequest.BodyPublishers.ofString(body)), what);
  }

  /** Sends with this client's credentials and retry policy. */
  private HttpResponse<String> send(HttpRequest.Builder builder, String what) throws GitHubException {
    String authorization;
    try {
      authorization = auth.getEncodedAuthorization();
    } catch (IOException e) {
      throw GitHubErrors.of(0, null, what, apiUrl, credentialSource, e);
    }
    HttpRequest request = builder.header("Authorization", authorization).build();
    RetryPolicy.Tally tally = new RetryPolicy.Tally();
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw GitHubErrors.of(0, null, what, apiUrl, credentialSource, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GitHubException(0, "interrupted during " + what);
      }
      Optional<Duration> wait = policy.waitBefore(tally, response.statusCode(),
          name -> response.headers().firstValue(name).orElse(null), response::body, clock);
      if (wait.isEmpty()) {
        return response;
      }
      try {
        sleeper.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GitHubException(0, "interrupted while waiting to retry " + what);
      }
    }
  }

  Run run(String repo, long runId) throws GitHubException {
    try {
      return run(repository(repo).getWorkflowRun(runId));
    } catch (IOException e) {
      throw error(e, "workflow run " + runId + " in " + repo);
    }
  }

  /** Asks GitHub to cancel the run ({@code POST .../actions/runs/{id}/cancel}, answered 202). */
  void cancel(String repo, long runId) throws GitHubException {
    try {
      repository(repo).getWorkflowRun(runId).cancel();
    } catch (IOException e) {
      throw error(e, "cancelling workflow run " + runId + " in " + repo);
    }
  }

  /** This workflow's {@code workflow_dispatch} runs created at or after {@code since}, newest first. */
  List<Run> dispatchRuns(String repo, long workflowId, Instant since) throws GitHubException {
    String created = ">=" + DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS));
    List<Run> runs = new ArrayList<>();
    try {
      for (GHWorkflowRun r : repository(repo).queryWorkflowRuns().event(GHEvent.WORKFLOW_DISPATCH).created(created)
          .list().withPageSize(50)) {
        if (r.getWorkflowId() == workflowId) {
          runs.add(run(r));
        }
        if (runs.size() >= 100) {
          break;
        }
      }
    } catch (IOException e) {
      throw error(e, "workflow runs of " + repo);
    } catch (RuntimeException e) {
      throw error(unwrap(e), "workflow runs of " + repo);
    }
    return runs;
  }

  private static Run run(GHWorkflowRun r) throws IOException {
    return new Run(r.getId(), r.getStatus() == null ? null : r.getStatus().name().toLowerCase(),
        r.getConclusion() == null ? null : r.getConclusion().name().toLowerCase(), r.getRunAttempt(), r.getHeadSha(),
        String.valueOf(r.getHtmlUrl()), r.getDisplayTitle(), r.getEvent() == null ? null : r.getEvent().name(),
        r.getWorkflowId(), r.getCreatedAt() == null ? null : r.getCreatedAt().toInstant());
  }

  /** Open issues carrying every one of {@code labels}. */
  List<Issue> openIssues(String repo, List<String> labels) throws GitHubException {
    List<Issue> issues = new ArrayList<>();
    try {
      var query = repository(repo).queryIssues().state(GHIssueState.OPEN);
      for (String label : labels) {
        query = query.label(label);
      }
      for (GHIssue issue : query.list().withPageSize(100)) {
        if (!issue.isPullRequest()) {
          issues.add(new Issue(issue.getNumber(), issue.getTitle(), String.valueOf(issue.getHtmlUrl())));
        }
      }
    } catch (RuntimeException e) {
      throw error(unwrap(e), "open issues of " + repo);
    }
    return issues;
  }

  Issue createIssue(String repo, String title, String body, List<String> labels) throws GitHubException {
    try {
      var builder = repository(repo).createIssue(title).body(body);
      for (String label : labels) {
        builder = builder.label(label);
      }
      GHIssue issue = builder.create();
      return new Issue(issue.getNumber(), issue.getTitle(), String.valueOf(issue.getHtmlUrl()));
    } catch (IOException e) {
      throw error(e, "a new issue in " + repo);
    }
  }

  void comment(String repo, int number, String body) throws GitHubException {
    try {
      repository(repo).getIssue(number).comment(body);
    } catch (IOException e) {
      throw error(e, "a comment on issue #" + number + " in " + repo);
    }
  }

  void close(String repo, int number) throws GitHubException {
    try {
      repository(repo).getIssue(number).close();
    } catch (IOException e) {
      throw error(e, "closing issue #" + number + " in " + repo);
    }
  }

  /**
   * Creates or replaces a file. {@code sha} is the blob being replaced (null for a new file).
   *
   * @return the file's web URL
   * @throws GitHubException with status 409 when {@code sha} is no longer the file's (someone else committed)
   */
  String putFile(String repo, String path, String branch, String text, String sha, String message)
      throws GitHubException {
    try {
      var builder = repository(repo).createContent().path(path).message(message).content(text);
      if (branch != null) {
        builder = builder.branch(branch);
      }
      if (sha != null) {
        builder = builder.sha(sha);
      }
      return builder.commit().getContent().getHtmlUrl();
    } catch (IOException e) {
      throw error(e, "file " + path + " in " + repo);
    }
  }

  /** hub4j's paged iterators wrap I/O failures in unchecked exceptions. */
  private static IOException unwrap(RuntimeException e) {
    return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  private GitHubException error(IOException e, String what) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GitHubException already) {
        return already;
      }
    }
    return GitHubErrors.of(e, what, apiUrl, credentialSource);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
