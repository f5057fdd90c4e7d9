package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A webhook's times are read when a calendar holds them and left unknown otherwise. */
class EventJsonTimeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Instant created(String value) throws Exception {
    return EventJson.time(JSON.readTree("{\"created\":" + value + "}"), "created");
  }

  @Test
  void aUnixTimeIsRead() throws Exception {
    assertThat(created("1700000000")).isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
  }

  @Test
  void aNumberBeyondAnyCalendarIsUnknownNotAnError() throws Exception {
    // The fuzzer's finding: a 19-digit number fits a long but not an Instant.
    assertThat(created("1170000161570000001")).isNull();
    assertThat(created("253402300800")).isNull();
    assertThat(created("-5")).isNull();
    assertThat(created("\"soon\"")).isNull();
  }
}
