package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A-05 custom properties: only declared keys are kept, values scrubbed like URLs")
class EventPropsTest {

  @Test
  void onlyDeclaredKeysAreKeptInDeclaredOrder() {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("email", "ann@example.com");
    sent.put("plan", "pro");
    sent.put("url", "https://example.org/a.pdf");
    assertThat(EventProps.kept(sent, List.of("url", "plan")))
        .isEqualTo("{\"url\":\"https://example.org/a.pdf\",\"plan\":\"pro\"}");
    assertThat(EventProps.kept(sent, List.of("author"))).isNull();
    assertThat(EventProps.kept(Map.of(), List.of("url"))).isNull();
  }

  @Test
  void valuesLoseWhatIdentifiesSomeone() {
    assertThat(EventProps.scrub("https://example.org/unsubscribe?email=ann@example.com"))
        .isEqualTo("https://example.org/unsubscribe?email=:email");
    assertThat(EventProps.scrub("https://example.org/reset/8f14e45fceea167a5a36dedd4bea2543"))
        .isEqualTo("https://example.org/reset/:token");
    assertThat(EventProps.scrub("order 1234567 for +44 20 7946 0958"))
        .isEqualTo("order :id for :phone");
    assertThat(EventProps.scrub("from 203.0.113.77 and 2001:db8:85a3::8a2e:370:7334"))
        .isEqualTo("from :ip and :ip");
    // What is not personal stays readable: a time, a version, a plain word.
    assertThat(EventProps.scrub("12:30:45 v1.2.3 helpful")).isEqualTo("12:30:45 v1.2.3 helpful");
    assertThat(EventProps.scrub("x".repeat(3000))).hasSize(EventProps.MAX_STORED_VALUE);
  }

  @Test
  void keysAndQuotesAreWrittenAsJson() {
    assertThat(EventProps.kept(Map.of("q", "say \"hi\" \\ there"), List.of("q")))
        .isEqualTo("{\"q\":\"say \\\"hi\\\" \\\\ there\"}");
  }
}
