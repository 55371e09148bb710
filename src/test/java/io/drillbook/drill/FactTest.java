package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactTest {

  @Test
  void readsAStoredFactAsItsType() {
    Map<String, String> facts = Map.of("followUpIssue", "https://github.com/acme/maestro/issues/17",
        "followUpAction", "commented");
    assertThat(Fact.FOLLOW_UP_ISSUE.in(facts)).contains(URI.create("https://github.com/acme/maestro/issues/17"));
    assertThat(Fact.FOLLOW_UP_ACTION.in(facts)).contains(Fact.FollowUpAction.COMMENTED);
  }

  @Test
  void anAbsentOrUnreadableFactIsEmptyNotAnError() {
    assertThat(Fact.RUN_URL.in(Map.of())).isEmpty();
    assertThat(Fact.FOLLOW_UP_ACTION.in(Map.of("followUpAction", "escalated"))).isEmpty();
    assertThat(Fact.RUN_URL.in(Map.of("runUrl", "not a uri with spaces"))).isEmpty();
  }

  @Test
  void writesEnumsAsTheLowerCaseWordsEntriesHaveAlwaysCarried() {
    assertThat(Fact.FOLLOW_UP_ACTION.text(Fact.FollowUpAction.OPENED)).isEqualTo("opened");
  }
}
