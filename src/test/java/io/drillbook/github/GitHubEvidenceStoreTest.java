package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceText;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evidence appended to a repository file through the contents API, with blob-sha conflicts retried. */
class GitHubEvidenceStoreTest extends WireMockGitHub {
  private static final String PATH = "docs/drills/evidence.md";
  private static final String CONTENTS = "/repos/" + REPO + "/contents/" + PATH;
  private static final String LOCATION = REPO + ":" + PATH;
  private static final String HTML_URL = "https://github.com/acme/maestro/blob/main/docs/drills/evidence.md";
  private static final String SHA_1 = "4f1c3e0a9b2d7c6e5f8a1b3d2c4e6f8a0b1c2d3e";
  private static final String SHA_2 = "a7d3b9e2c4f6081a5b3c7d9e1f2a4b6c8d0e2f41";

  private final DrillRecord record = FollowUpsTest.record(Verdict.FAIL);

  private GitHubEvidenceStore store(String branch) throws GitHubException {
    stubRepository();
    return new GitHubEvidenceStore(client(), REPO, branch, PATH);
  }

  /** A log with one earlier entry, as the store itself would have written it. */
  private static String logWithOneEntry() throws IOException {
    return EvidenceText.toAppend("", FollowUpsTest.record(Verdict.PASS), LOCATION);
  }

  private static String put201() {
    return fixture("contents-put-response.json");
  }

  private static List<LoggedRequest> puts() {
    return wm.findAll(putRequestedFor(urlPathEqualTo(CONTENTS)));
  }

  private static String sentText(LoggedRequest put) {
    return decodeBase64(body(put).path("content").asText());
  }

  @Test
  void newLogIsCreatedWithoutShaAndStartsWithTheLogHeader() throws Exception {
    GitHubEvidenceStore store = store(null);
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).willReturn(error(404, "error-404-contents.json")));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).willReturn(github(201, put201())));

    String url = store.append(record);

    assertThat(url).isEqualTo(HTML_URL);
    assertThat(store.location()).isEqualTo(LOCATION);
    assertThat(puts()).hasSize(1);
    JsonNode sent = body(puts().get(0));
    assertThat(sent.has("sha")).isFalse();
    assertThat(sent.has("branch")).isFalse();
    assertThat(sent.path("message").asText()).isEqualTo("drillbook: maestro-api FAIL (drill-20250603-235930-a1b2)");
    String text = sentText(puts().get(0));
    assertThat(text).startsWith("# Rollback drill log:").isEqualTo(EvidenceText.toAppend("", record, LOCATION));
    wm.verify(putRequestedFor(urlPathEqualTo(CONTENTS)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void existingLogIsReplacedWithItsShaAndTheEntryAppended() throws Exception {
    GitHubEvidenceStore store = store("drill-evidence");
    String existing = logWithOneEntry();
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).withQueryParam("ref", equalTo("drill-evidence"))
        .willReturn(ok(contents("contents-evidence-md.json", existing, SHA_1))));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).willReturn(ok(put201())));

    assertThat(store.append(record)).isEqualTo(HTML_URL);

    assertThat(puts()).hasSize(1);
    JsonNode sent = body(puts().get(0));
    assertThat(sent.path("sha").asText()).isEqualTo(SHA_1);
    assertThat(sent.path("branch").asText()).isEqualTo("drill-evidence");
    String text = sentText(puts().get(0));
    assertThat(text).startsWith(existing)
        .isEqualTo(existing + EvidenceText.toAppend(existing, record, LOCATION));
  }

  @Test
  void conflictOnThePutReadsTheFileAgainAndRetriesWithTheNewSha() throws Exception {
    GitHubEvidenceStore store = store(null);
    String first = logWithOneEntry();
    // Someone else appended between our read and our write.
    String second = first + EvidenceText.toAppend(first, FollowUpsTest.record(Verdict.INCONCLUSIVE), LOCATION);
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs(STARTED)
        .willReturn(ok(contents("contents-evidence-md.json", first, SHA_1))));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs(STARTED)
        .willReturn(error(409, "error-409-sha-mismatch.json")).willSetStateTo("moved on"));
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs("moved on")
        .willReturn(ok(contents("contents-evidence-md.json", second, SHA_2))));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs("moved on")
        .willReturn(ok(put201())));

    assertThat(store.append(record)).isEqualTo(HTML_URL);

    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(CONTENTS)))).hasSize(2);
    List<LoggedRequest> puts = puts();
    assertThat(puts).hasSize(2);
    assertThat(body(puts.get(0)).path("sha").asText()).isEqualTo(SHA_1);
    assertThat(body(puts.get(1)).path("sha").asText()).isEqualTo(SHA_2);
    assertThat(sentText(puts.get(1))).startsWith(second)
        .isEqualTo(second + EvidenceText.toAppend(second, record, LOCATION));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void fileCreatedConcurrentlyIsReadAgainWhenGitHubSaysTheShaWasNotSupplied() throws Exception {
    GitHubEvidenceStore store = store(null);
    String theirs = logWithOneEntry();
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs(STARTED)
        .willReturn(error(404, "error-404-contents.json")));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs(STARTED)
        .willReturn(error(422, "error-422-sha-not-supplied.json")).willSetStateTo("created by someone else"));
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs("created by someone else")
        .willReturn(ok(contents("contents-evidence-md.json", theirs, SHA_1))));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).inScenario("file").whenScenarioStateIs("created by someone else")
        .willReturn(ok(put201())));

    assertThat(store.append(record)).isEqualTo(HTML_URL);

    List<LoggedRequest> puts = puts();
    assertThat(puts).hasSize(2);
    assertThat(body(puts.get(0)).has("sha")).isFalse();
    assertThat(body(puts.get(1)).path("sha").asText()).isEqualTo(SHA_1);
    assertThat(sentText(puts.get(1))).isEqualTo(theirs + EvidenceText.toAppend(theirs, record, LOCATION));
  }

  @Test
  void conflictFiveTimesGivesUpNamingTheAttempts() throws Exception {
    GitHubEvidenceStore store = store(null);
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).willReturn(ok(contents("contents-evidence-md.json", logWithOneEntry(),
        SHA_1))));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).willReturn(error(409, "error-409-sha-mismatch.json")));

    IOException e = catchThrowableOfType(IOException.class, () -> store.append(record));

    assertThat(e.getMessage()).contains("could not append to " + LOCATION + " after 5 attempts")
        .contains("409");
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(CONTENTS)))).hasSize(5);
    assertThat(puts()).hasSize(5);
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void refusedPutFailsAtOnceWithoutRetrying() throws Exception {
    GitHubEvidenceStore store = store(null);
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).willReturn(error(404, "error-404-contents.json")));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).willReturn(error(403, "error-403-not-accessible.json")));

    IOException e = catchThrowableOfType(IOException.class, () -> store.append(record));

    assertThat(e.getMessage()).contains("Resource not accessible by personal access token").contains(PATH);
    assertThat(puts()).hasSize(1);
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  // For a file over 1 MB the contents API answers 200 with "encoding": "none" and no content (GitHub docs, "Get
  // repository content"); the store must read it through the raw media type and keep the JSON's sha, never treat it
  // as empty (the PUT would replace the whole log).
  @Test
  void logOverOneMegabyteIsReadRawAndAppendedWithItsSha() throws Exception {
    GitHubEvidenceStore store = store(null);
    String existing = logWithOneEntry() + "x".repeat(0);
    ObjectNode large = json("contents-evidence-md.json");
    large.put("size", 1_234_567);
    large.put("encoding", "none");
    large.put("content", "");
    large.put("sha", SHA_1);
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).withHeader("Accept", equalTo("application/vnd.github.raw+json"))
        .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
            .withHeader("Content-Type", "application/vnd.github.raw+json; charset=utf-8").withBody(existing)));
    wm.stubFor(get(urlPathEqualTo(CONTENTS)).atPriority(5).willReturn(ok(large.toString())));
    wm.stubFor(put(urlPathEqualTo(CONTENTS)).willReturn(ok(put201())));

    store.append(record);

    assertThat(puts()).hasSize(1);
    assertThat(body(puts().get(0)).path("sha").asText()).isEqualTo(SHA_1);
    assertThat(sentText(puts().get(0))).startsWith(existing)
        .isEqualTo(existing + EvidenceText.toAppend(existing, record, LOCATION));
  }
}
