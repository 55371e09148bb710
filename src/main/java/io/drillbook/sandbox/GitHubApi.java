package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake GitHub REST API under {@code /api/v3}, as GitHub Enterprise Server serves it, plus raw file downloads
 * under {@code /raw/}. Checks the token, routes, and adds GitHub's headers to every answer.
 */
final class GitHubApi {

  static final String PREFIX = "/api/v3";
  static final String RAW_PREFIX = "/raw/";

  private static final Logger LOG = LoggerFactory.getLogger(GitHubApi.class);
  private static final int RATE_LIMIT = 5000;

  private final GitHubStore store;
  private final GitHubPayloads payloads;
  private final GitHubContents contents;
  private final GitHubActions actions;
  private final GitHubIssues issues;
  private final String token;
  private final Clock clock;
  private final AtomicLong used = new AtomicLong();
  private final long windowStart;
  private final SecureRandom random = new SecureRandom();

  GitHubApi(GitHubStore store, GitHubPayloads payloads, WorkflowRunner runner, String token, boolean olderServer,
      Clock clock) {
    this.store = store;
    this.payloads = payloads;
    this.contents = new GitHubContents(store, payloads);
    this.actions = new GitHubActions(store, payloads, runner, olderServer);
    this.issues = new GitHubIssues(store, payloads);
    this.token = token;
    this.clock = clock;
    this.windowStart = clock.instant().getEpochSecond();
  }

  static boolean handles(String path) {
    return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/") || path.startsWith(PREFIX + "?")
        || path.startsWith(RAW_PREFIX));
  }

  MockResponse respond(RecordedRequest request) {
    MockResponse response;
    try {
      response = toResponse(route(request));
    } catch (GitHubError e) {
      response = error(e);
    } catch (RuntimeException e) {
      LOG.warn("fake GitHub failed on {} {}", request.getMethod(), request.getPath(), e);
      response = error(new GitHubError(500, "Server Error"));
    }
    return withHeaders(response);
  }

  private GitHubReply route(RecordedRequest request) {
    if (!authorized(request.getHeader("Authorization"))) {
      throw new GitHubError(401, "Bad credentials");
    }
    used.incrementAndGet();
    String path = request.getPath();
    boolean raw = path.startsWith(RAW_PREFIX);
    GitHubRequest r = GitHubRequest.parse(request.getMethod(), request.getHeader("X-HTTP-Method-Override"), path,
        raw ? "/raw" : PREFIX, request.getUtf8Body());
    synchronized (store) {
      return raw ? rawFile(r) : api(r);
    }
  }

  private GitHubReply api(GitHubRequest r) {
    if (r.matches("GET")) {
      return GitHubReply.ok(root());
    }
    if (r.matches("GET", "rate_limit")) {
      return GitHubReply.ok(rateLimit());
    }
    if (r.matches("GET", "user")) {
      return GitHubReply.ok(payloads.authenticatedUser());
    }
    if (!r.startsWith("repos", "*", "*")) {
      throw GitHubError.notFound();
    }
    FakeRepo repo = store.repo(r.segment(1), r.segment(2));
    if (r.matches("GET", "repos", "*", "*")) {
      long open = repo.issues.stream().filter(i -> i.state.equals("open")).count();
      return GitHubReply.ok(payloads.repository(repo, open));
    }
    if (r.startsWith("repos", "*", "*", "contents")) {
      String filePath = r.tail(4);
      if (r.method().equals("GET")) {
        return contents.get(repo, filePath, r.query().get("ref"));
      }
      if (r.method().equals("PUT")) {
        return contents.put(repo, filePath, r.json());
      }
      throw GitHubError.notFound();
    }
    if (r.startsWith("repos", "*", "*", "actions")) {
      return actions(repo, r);
    }
    if (r.startsWith("repos", "*", "*", "issues")) {
      return issues(repo, r);
    }
    throw GitHubError.notFound();
  }

  private GitHubReply actions(FakeRepo repo, GitHubRequest r) {
    if (r.matches("GET", "repos", "*", "*", "actions", "workflows")) {
      return actions.workflows(repo);
    }
    if (r.matches("GET", "repos", "*", "*", "actions", "workflows", "*")) {
      return actions.workflow(repo, r.segment(5));
    }
    if (r.matches("POST", "repos", "*", "*", "actions", "workflows", "*", "dispatches")) {
      return actions.dispatch(repo, r.segment(5), r.json());
    }
    if (r.matches("GET", "repos", "*", "*", "actions", "workflows", "*", "runs")) {
      return actions.runs(repo, r.segment(5), r);
    }
    if (r.matches("GET", "repos", "*", "*", "actions", "runs")) {
      return actions.runs(repo, null, r);
    }
    if (r.matches("GET", "repos", "*", "*", "actions", "runs", "*")) {
      return actions.run(repo, r.segment(5));
    }
    throw GitHubError.notFound();
  }

  private GitHubReply issues(FakeRepo repo, GitHubRequest r) {
    if (r.matches("GET", "repos", "*", "*", "issues")) {
      return issues.list(repo, r);
    }
    if (r.matches("POST", "repos", "*", "*", "issues")) {
      return issues.create(repo, r.json());
    }
    if (r.matches("GET", "repos", "*", "*", "issues", "*")) {
      return issues.get(repo, r.segment(4));
    }
    if (r.matches("PATCH", "repos", "*", "*", "issues", "*")) {
      return issues.edit(repo, r.segment(4), r.json());
    }
    if (r.matches("GET", "repos", "*", "*", "issues", "*", "comments")) {
      return issues.comments(repo, r.segment(4), r);
    }
    if (r.matches("POST", "repos", "*", "*", "issues", "*", "comments")) {
      return issues.comment(repo, r.segment(4), r.json());
    }
    throw GitHubError.notFound();
  }

  /** {@code GET /raw/{owner}/{repo}/{ref}/{path}}: the file's bytes, where download_url points. */
  private GitHubReply rawFile(GitHubRequest r) {
    if (!r.method().equals("GET") || r.segments().size() < 4) {
      throw GitHubError.notFound();
    }
    FakeCommit commit = store.repo(r.segment(0), r.segment(1)).resolve(r.segment(2));
    RepoFile file = commit == null ? null : commit.files().get(r.tail(3));
    if (file == null) {
      throw GitHubError.notFound();
    }
    return new GitHubReply(200, new String(file.bytes(), StandardCharsets.UTF_8), "text/plain; charset=utf-8",
        null);
  }

  private ObjectNode root() {
    String api = payloads.api();
    ObjectNode root = GitHubPayloads.JSON.createObjectNode();
    root.put("current_user_authorizations_html_url", payloads.html()
        + "/settings/connections/applications{/client_id}");
    String[][] urls = {
        {"current_user_url", "/user"},
        {"authorizations_url", "/authorizations"},
        {"code_search_url", "/search/code?q={query}{&page,per_page,sort,order}"},
        {"commit_search_url", "/search/commits?q={query}{&page,per_page,sort,order}"},
        {"emails_url", "/user/emails"},
        {"feeds_url", "/feeds"},
        {"followers_url", "/user/followers"},
        {"following_url", "/user/following{/target}"},
        {"gists_url", "/gists{/gist_id}"},
        {"keys_url", "/user/keys"},
        {"label_search_url", "/search/labels?q={query}&repository_id={repository_id}{&page,per_page}"},
        {"notifications_url", "/notifications"},
        {"organization_teams_url", "/orgs/{org}/teams"},
        {"public_gists_url", "/gists/public"},
        {"starred_url", "/user/starred{/owner}{/repo}"},
        {"starred_gists_url", "/gists/starred"},
        {"user_organizations_url", "/user/orgs"},
        {"user_search_url", "/search/users?q={query}{&page,per_page,sort,order}"},
        {"emojis_url", "/emojis"},
        {"events_url", "/events"},
        {"hub_url", "/hub"},
        {"issue_search_url", "/search/issues?q={query}{&page,per_page,sort,order}"},
        {"issues_url", "/issues"},
        {"organization_url", "/orgs/{org}"},
        {"organization_repositories_url", "/orgs/{org}/repos{?type,page,per_page,sort}"},
        {"rate_limit_url", "/rate_limit"},
        {"repository_url", "/repos/{owner}/{repo}"},
        {"repository_search_url", "/search/repositories?q={query}{&page,per_page,sort,order}"},
        {"current_user_repositories_url", "/user/repos{?type,page,per_page,sort}"},
        {"user_url", "/users/{user}"},
        {"user_repositories_url", "/users/{user}/repos{?type,page,per_page,sort}"}};
    for (String[] url : urls) {
      root.put(url[0], api + url[1]);
    }
    return root;
  }

  private ObjectNode rateLimit() {
    ObjectNode body = GitHubPayloads.JSON.createObjectNode();
    ObjectNode resources = body.putObject("resources");
    resources.set("core", rate(RATE_LIMIT, used.get()));
    resources.set("search", rate(30, 0));
    resources.set("graphql", rate(RATE_LIMIT, 0));
    resources.set("integration_manifest", rate(RATE_LIMIT, 0));
    resources.set("code_scanning_upload", rate(1000, 0));
    resources.set("actions_runner_registration", rate(10000, 0));
    body.set("rate", rate(RATE_LIMIT, used.get()));
    return body;
  }

  private ObjectNode rate(int limit, long usedCount) {
    return GitHubPayloads.JSON.createObjectNode()
        .put("limit", limit)
        .put("used", usedCount)
        .put("remaining", Math.max(0, limit - usedCount))
        .put("reset", reset());
  }

  // Hourly windows from the sandbox's start, so the reset time is always in the future as on GitHub.
  private long reset() {
    long elapsed = Math.max(0, clock.instant().getEpochSecond() - windowStart);
    return windowStart + 3600 * (elapsed / 3600 + 1);
  }

  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    if (space < 0) {
      return false;
    }
    String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
    return (scheme.equals("token") || scheme.equals("bearer")) && trimmed.substring(space + 1).trim().equals(token);
  }

  private static MockResponse toResponse(GitHubReply reply) {
    MockResponse response = new MockResponse().setResponseCode(reply.status());
    if (reply.body() != null) {
      response.setHeader("Content-Type", reply.contentType()).setBody(reply.body());
    }
    if (reply.link() != null) {
      response.setHeader("Link", reply.link());
    }
    return response;
  }

  private static MockResponse error(GitHubError e) {
    ObjectNode body = GitHubPayloads.JSON.createObjectNode().put("message", e.getMessage());
    if (e.errors() != null) {
      body.set("errors", e.errors());
    }
    body.put("documentation_url", GitHubError.DOCS).put("status", Integer.toString(e.status()));
    return new MockResponse().setResponseCode(e.status())
        .setHeader("Content-Type", GitHubReply.JSON_TYPE)
        .setBody(body.toString());
  }

  private MockResponse withHeaders(MockResponse response) {
    long usedNow = used.get();
    byte[] id = new byte[12];
    random.nextBytes(id);
    String hex = HexFormat.of().withUpperCase().formatHex(id);
    return response
        .setHeader("X-RateLimit-Limit", RATE_LIMIT)
        .setHeader("X-RateLimit-Remaining", Math.max(0, RATE_LIMIT - usedNow))
        .setHeader("X-RateLimit-Reset", reset())
        .setHeader("X-RateLimit-Used", usedNow)
        .setHeader("X-RateLimit-Resource", "core")
        .setHeader("X-GitHub-Api-Version", "2022-11-28")
        .setHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .setHeader("X-OAuth-Scopes", "repo, workflow")
        .setHeader("X-GitHub-Request-Id", hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":"
            + hex.substring(8, 14) + ":" + hex.substring(14, 20) + ":" + hex.substring(20, 24)
            + Long.toHexString(clock.millis() / 1000).toUpperCase(Locale.ROOT));
  }
}
