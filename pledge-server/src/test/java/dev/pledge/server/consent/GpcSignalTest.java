package dev.pledge.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which {@code Sec-GPC} headers are Global Privacy Control: exactly {@code 1}, in any of them. */
class GpcSignalTest {

  @Test
  @DisplayName("B-24 Sec-GPC: 1 is the signal; 0, true, empty or absent are not")
  void onlyOneCounts() {
    assertThat(GpcSignal.isSet(List.of("1"))).isTrue();
    assertThat(GpcSignal.isSet(List.of(" 1 "))).as("optional whitespace around a value").isTrue();
    assertThat(GpcSignal.isSet(List.of("0"))).isFalse();
    assertThat(GpcSignal.isSet(List.of("true"))).isFalse();
    assertThat(GpcSignal.isSet(List.of(""))).isFalse();
    assertThat(GpcSignal.isSet(List.of("11"))).isFalse();
    assertThat(GpcSignal.isSet(List.of("1.0"))).isFalse();
    assertThat(GpcSignal.isSet(List.of())).isFalse();
    assertThat(GpcSignal.isSet(Arrays.asList((String) null))).isFalse();
  }

  @Test
  @DisplayName("B-24 of several Sec-GPC headers, or one folded by a proxy, any 1 counts")
  void anyOfSeveral() {
    assertThat(GpcSignal.isSet(List.of("0", "1"))).isTrue();
    assertThat(GpcSignal.isSet(List.of("1", "0"))).isTrue();
    assertThat(GpcSignal.isSet(List.of("0, 1"))).isTrue();
    assertThat(GpcSignal.isSet(List.of("0", "true", ""))).isFalse();
    assertThat(GpcSignal.isSet(List.of("0,true"))).isFalse();
  }
}
