package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pledge.server.security.FuzzBudget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Fuzzes {@code /api/event} bodies: each is a body or field errors (a 400), never a 500. */
@Tag("B-13")
class EventBodyFuzzTest {

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: /api/event bodies parse to an event or field errors")
  void eventBody(byte[] input) {
    int length = Math.min(input.length, EventBodyParser.MAX_BYTES);
    EventBodyParser.Result r = EventBodyParser.parse(input, length);
    if (r.ok()) {
      assertThat(r.errors()).isEmpty();
      assertThat(r.body().name()).isNotBlank();
    } else {
      assertThat(r.errors()).isNotEmpty();
    }
  }
}
