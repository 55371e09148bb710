package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.drillbook.config.FollowUpConfig;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Follow-up issues for failed drills, through hub4j against a WireMock GitHub. */
class FollowUpsTest extends WireMockGitHub {
  private static final String ISSUES = "/repos/" + REPO + "/issues";
  private static final List<String> LABELS = List.of("drill-failure", "staging");
  private static final String EVIDENCE = "https://github.com/acme/maestro/blob/main/docs/drills/evidence.md";
  private static final String HEAD_SHA = "9f2c4e1b7a3d5c8e0f6a2b4d1c3e5f7a9b0d2e4f";
  private static final String REASON = "recovery took 312.500 s, longer than the 300 s objective";

  static DrillRecord record(Verdict verdict) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("runUrl", "https://github.com/acme/maestro/actions/runs/15402938471");
    facts.put("headSha", HEAD_SHA);
    Instant started = Instant.parse("2025-06-03T23:59:30.123Z");
    boolean failed = verdict == Verdict.FAIL;
    return new DrillRecord(new DrillRecord.Subject("drill-20250603-235930-a1b2", "maestro-api", "github-actions", "staging", "maestro", "api", started), new DrillRecord.Judgement(verdict, failed ? REASON : "recovered within the objective", Duration.ofMillis(failed ? 312500 : 41250), Duration.ofSeconds(300)), new DrillRecord.Rollback(7L, 6L, "registry.example.com/maestro/api:1.4.2", "registry.example.com/maestro/api:1.4.1"), new DrillRecord.Restore(true, "rolled forward to revision 7"), new DrillRecord.Trail(List.of(new PhaseResult("rollout", started.plusSeconds(2), Duration.ofMillis(310250), !failed,
            "rolled out revision 6")), List.of(new CheckResult("recovery-within-objective", !failed, "312.500 s against 300 s")), facts));
  }

  private FollowUps followUps(boolean closeOnPass) throws GitHubException {
    return new FollowUps(client(), new FollowUpConfig(REPO, LABELS, closeOnPass));
  }

  /**
   * Follow-ups on a connected client, with the request journal cleared afterwards: hub4j's builder resolves the
   * token's login ({@code GET /user}) while connecting, which is the client's doing, not the tracker's.
   */
  private FollowUps connectedThenQuiet(boolean closeOnPass) throws GitHubException {
    FollowUps followUps = followUps(closeOnPass);
    wm.resetRequests();
    return followUps;
  }

  private static ObjectNode issue(int number, String title) {
    ObjectNode issue = json("issue.json");
    issue.put("number", number);
    issue.put("title", title);
    issue.put("url", "https://api.github.com/repos/acme/maestro/issues/" + number);
    issue.put("html_url", "https://github.com/acme/maestro/issues/" + number);
    return issue;
  }

  /** The open-issues listing drillbook asks for: state open, every configured label. */
  private static void stubOpenIssues(ObjectNode... issues) {
    ArrayNode list = JSON.createArrayNode();
    for (ObjectNode i : issues) {
      list.add(i);
    }
    wm.stubFor(get(urlPathEqualTo(ISSUES)).withQueryParam("state", equalTo("open"))
        .withQueryParam("labels", equalTo("drill-failure,staging")).willReturn(ok(list.toString())));
  }

  private static void stubIssue17() {
    wm.stubFor(get(urlPathEqualTo(ISSUES + "/17")).willReturn(ok(issue(17,
        "Rollback drill failed: maestro-api (2025-05-27)").toString())));
    wm.stubFor(post(urlPathEqualTo(ISSUES + "/17/comments")).willReturn(github(201, fixture("issue-comment.json"))));
  }

  private static ObjectNode otherDrillsIssue() {
    return issue(12, "Rollback drill failed: maestro-worker (2025-05-20)");
  }

  private static ObjectNode pullRequestWithAMatchingTitle() {
    ObjectNode pr = issue(15, "Rollback drill failed: maestro-api (2025-05-25)");
    ObjectNode links = pr.putObject("pull_request");
    links.put("url", "https://api.github.com/repos/acme/maestro/pulls/15");
    links.put("html_url", "https://github.com/acme/maestro/pull/15");
    links.put("diff_url", "https://github.com/acme/maestro/pull/15.diff");
    links.put("patch_url", "https://github.com/acme/maestro/pull/15.patch");
    links.putNull("merged_at");
    return pr;
  }

  @Test
  void failureWithNoOpenFollowUpOpensAnIssue() throws Exception {
    stubRepository();
    stubOpenIssues(otherDrillsIssue(), pullRequestWithAMatchingTitle());
    ObjectNode created = issue(23, "Rollback drill failed: maestro-api (2025-06-03)");
    wm.stubFor(post(urlPathEqualTo(ISSUES)).willReturn(github(201, created.toString())));

    DrillRecord tracked = followUps(true).track(record(Verdict.FAIL), EVIDENCE);

    assertThat(tracked.facts()).containsEntry("followUpIssue", "https://github.com/acme/maestro/issues/23")
        .containsEntry("followUpAction", "opened");
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlPathEqualTo(ISSUES)));
    assertThat(posts).hasSize(1);
    JsonNode sent = body(posts.get(0));
    assertThat(sent.path("title").asText()).isEqualTo("Rollback drill failed: maestro-api (2025-06-03)");
    assertThat(sent.path("labels")).extracting(JsonNode::asText).containsExactly("drill-failure", "staging");
    assertThat(sent.path("body").asText())
        .contains(REASON)
        .contains("| Offending commit | `" + HEAD_SHA + "` |")
        .contains("| Recovery | 312.500 s (objective 300.000 s) |")
        .contains("| Evidence | " + EVIDENCE + " |")
        .contains("Phase `rollout` failed")
        .contains("Check `recovery-within-objective` failed");
    wm.verify(0, postRequestedFor(urlPathEqualTo(ISSUES + "/15/comments")));
    wm.verify(0, postRequestedFor(urlPathEqualTo(ISSUES + "/12/comments")));
  }

  @Test
  void failureWithAnOpenFollowUpCommentsInsteadOfOpeningAnother() throws Exception {
    stubRepository();
    stubOpenIssues(otherDrillsIssue(), issue(17, "Rollback drill failed: maestro-api (2025-05-27)"));
    stubIssue17();

    DrillRecord tracked = followUps(true).track(record(Verdict.FAIL), EVIDENCE);

    assertThat(tracked.facts()).containsEntry("followUpIssue", "https://github.com/acme/maestro/issues/17")
        .containsEntry("followUpAction", "commented");
    wm.verify(0, postRequestedFor(urlPathEqualTo(ISSUES)));
    List<LoggedRequest> comments = wm.findAll(postRequestedFor(urlPathEqualTo(ISSUES + "/17/comments")));
    assertThat(comments).hasSize(1);
    assertThat(body(comments.get(0)).path("body").asText()).startsWith("The drill failed again.")
        .contains(REASON).contains(EVIDENCE);
    wm.verify(0, patchRequestedFor(urlPathEqualTo(ISSUES + "/17")));
  }

  @Test
  void failureWithTwoOpenFollowUpsCommentsOnTheOldest() throws Exception {
    stubRepository();
    stubOpenIssues(issue(21, "Rollback drill failed: maestro-api (2025-06-01)"),
        issue(17, "Rollback drill failed: maestro-api (2025-05-27)"));
    stubIssue17();

    DrillRecord tracked = followUps(true).track(record(Verdict.FAIL), EVIDENCE);

    assertThat(tracked.facts()).containsEntry("followUpIssue", "https://github.com/acme/maestro/issues/17");
    wm.verify(0, postRequestedFor(urlPathEqualTo(ISSUES + "/21/comments")));
  }

  @Test
  void passWithAnOpenFollowUpCommentsAndClosesIt() throws Exception {
    stubRepository();
    stubOpenIssues(issue(17, "Rollback drill failed: maestro-api (2025-05-27)"));
    stubIssue17();
    ObjectNode closed = issue(17, "Rollback drill failed: maestro-api (2025-05-27)");
    closed.put("state", "closed");
    closed.put("state_reason", "completed");
    closed.put("closed_at", "2025-06-04T00:01:02Z");
    wm.stubFor(patch(urlPathEqualTo(ISSUES + "/17")).willReturn(ok(closed.toString())));

    DrillRecord tracked = followUps(true).track(record(Verdict.PASS), EVIDENCE);

    assertThat(tracked.facts()).containsEntry("followUpIssue", "https://github.com/acme/maestro/issues/17")
        .containsEntry("followUpAction", "closed");
    List<LoggedRequest> comments = wm.findAll(postRequestedFor(urlPathEqualTo(ISSUES + "/17/comments")));
    assertThat(comments).hasSize(1);
    assertThat(body(comments.get(0)).path("body").asText()).contains("drill-20250603-235930-a1b2")
        .contains("passed").contains("41.250 s").contains("300.000 s").contains(EVIDENCE);
    wm.verify(1, patchRequestedFor(urlPathEqualTo(ISSUES + "/17"))
        .withRequestBody(equalToJson("{\"state\": \"closed\"}", true, true)));
    wm.verify(0, postRequestedFor(urlPathEqualTo(ISSUES)));
  }

  @Test
  void passWithNoOpenFollowUpOnlyLooks() throws Exception {
    stubRepository();
    stubOpenIssues(otherDrillsIssue());

    DrillRecord record = record(Verdict.PASS);
    assertThat(followUps(true).track(record, EVIDENCE)).isEqualTo(record);

    wm.verify(0, postRequestedFor(anyUrl()));
    wm.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void passWithCloseOnPassOffSendsNothing() throws Exception {
    DrillRecord record = record(Verdict.PASS);
    FollowUps followUps = connectedThenQuiet(false);

    assertThat(followUps.track(record, EVIDENCE)).isEqualTo(record);

    assertThat(wm.getAllServeEvents()).extracting(s -> s.getRequest().getMethod() + " " + s.getRequest().getUrl())
        .isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Verdict.class, names = {"INCONCLUSIVE", "ABORTED"})
  void inconclusiveOrAbortedDrillSendsNothing(Verdict verdict) throws Exception {
    DrillRecord record = record(verdict);
    FollowUps followUps = connectedThenQuiet(true);

    assertThat(followUps.track(record, EVIDENCE)).isEqualTo(record);

    assertThat(wm.getAllServeEvents()).extracting(s -> s.getRequest().getMethod() + " " + s.getRequest().getUrl())
        .isEmpty();
  }
}
