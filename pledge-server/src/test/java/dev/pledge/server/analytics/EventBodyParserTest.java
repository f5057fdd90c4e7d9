package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Plausible event body: short and long keys, every problem at once")
class EventBodyParserTest {

  static EventBodyParser.Result parse(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return EventBodyParser.parse(b, b.length);
  }

  @Test
  void shortKeys() {
    var r =
        parse(
            "{\"n\":\"pageview\",\"u\":\"https://a.example/\",\"d\":\"a.example\",\"r\":null,\"h\":1,\"v\":36}");
    assertThat(r.ok()).isTrue();
    assertThat(r.body())
        .isEqualTo(
            new EventBody("pageview", "https://a.example/", "a.example", null, true, null, null));
  }

  @Test
  void longKeysAndEngagement() {
    var r =
        parse(
            "{\"name\":\"engagement\",\"url\":\"https://a.example/x\",\"domain\":\"a.example\","
                + "\"referrer\":\"https://www.google.com/\",\"hashMode\":false,\"e\":1532.4,\"sd\":80,"
                + "\"props\":{\"author\":\"ann@example.com\"},\"$\":{\"amount\":5}}");
    assertThat(r.ok()).isTrue();
    assertThat(r.body().engagementMs()).isEqualTo(1532);
    assertThat(r.body().scrollDepth()).isEqualTo(80);
    assertThat(r.body().toString()).doesNotContain("ann@example.com").doesNotContain("amount");
  }

  @Test
  void reportsEveryMissingFieldAtOnce() {
    var r = parse("{\"r\":\"x\"}");
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).containsOnlyKeys("name", "url", "domain");
    assertThat(r.errors().get("url")).contains("absolute URL");
  }

  @Test
  void wrongTypesAndRanges() {
    var r = parse("{\"n\":5,\"u\":[\"x\"],\"d\":\"a.example\",\"sd\":140,\"e\":\"long\"}");
    assertThat(r.errors()).containsKeys("name", "url", "sd", "e");
    assertThat(r.errors().get("name")).isEqualTo("must be a string");
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThat(parse("{\"n\":\"pageview\",").errors().get("body")).contains("JSON");
    assertThat(parse("not json").errors().get("body")).contains("line 1");
    assertThat(parse("[1,2]").errors().get("body")).contains("JSON object");
    assertThat(parse("").errors()).containsKey("body");
  }

  static final String PAGE = "\"u\":\"https://a.example/\",\"d\":\"a.example\"";

  @Test
  @DisplayName("out-of-range numbers are refused with the field named, never clamped")
  void outOfRangeNumbersAreRefused() {
    for (String e : List.of("1e999", "-1e999", "99999999999999999999", "86400001", "-1")) {
      var r = parse("{\"n\":\"engagement\"," + PAGE + ",\"e\":" + e + "}");
      assertThat(r.ok()).as(e).isFalse();
      assertThat(r.errors()).as(e).containsOnlyKeys("e");
      assertThat(r.errors().get("e")).contains("from 0 to 86400000");
    }
    for (String sd : List.of("1e999", "-1e999", "101", "-0.6")) {
      var r = parse("{\"n\":\"engagement\"," + PAGE + ",\"sd\":" + sd + "}");
      assertThat(r.errors()).as(sd).containsOnlyKeys("sd");
    }
    var longest = parse("{\"n\":\"engagement\"," + PAGE + ",\"e\":86400000,\"sd\":100}");
    assertThat(longest.body().engagementMs()).isEqualTo(EventBodyParser.MAX_ENGAGEMENT_MS);
    assertThat(longest.body().scrollDepth()).isEqualTo(100);
    assertThat(parse("{\"n\":\"pageview\"," + PAGE + ",\"h\":1e400}").body().hashMode()).isTrue();
  }

  @Test
  @DisplayName("anything after the JSON object is refused; white space is not")
  void trailingTextIsRefused() {
    String event = "{\"n\":\"pageview\"," + PAGE + "}";
    for (String tail : List.of("garbage", "{}", ",", "]", " x", "\"s\"", "1")) {
      var r = parse(event + tail);
      assertThat(r.ok()).as(tail).isFalse();
      assertThat(r.errors()).as(tail).containsOnlyKeys("body");
      assertThat(r.errors().get("body")).contains("after the JSON object");
    }
    assertThat(parse(event + " \r\n\t ").ok()).isTrue();
  }
}
