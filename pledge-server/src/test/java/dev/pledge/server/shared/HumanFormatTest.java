package dev.pledge.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How values read wherever a person reads them (issue 12). */
class HumanFormatTest {

  static final Instant AT = Instant.parse("2026-11-23T10:00:00.123456789Z");

  @Test
  @DisplayName("counts with proper plurals, never item(s) or 1 items")
  void plurals() {
    assertThat(HumanFormat.plural(1, "item")).isEqualTo("1 item");
    assertThat(HumanFormat.plural(0, "item")).isEqualTo("0 items");
    assertThat(HumanFormat.plural(1200, "item")).isEqualTo("1,200 items");
    assertThat(HumanFormat.plural(2, "category")).isEqualTo("2 categories");
    assertThat(HumanFormat.plural(2, "day")).isEqualTo("2 days");
    assertThat(HumanFormat.plural(3, "entry")).isEqualTo("3 entries");
  }

  @Test
  @DisplayName("moments to the minute with their zone, never ISO instants with nanoseconds")
  void moments() {
    assertThat(HumanFormat.moment(AT)).isEqualTo("23 Nov 2026, 10:00 UTC");
    assertThat(HumanFormat.moment(AT, ZoneId.of("Europe/Paris")))
        .isEqualTo("23 Nov 2026, 11:00 Europe/Paris");
    assertThat(HumanFormat.momentLong(AT, ZoneId.of("UTC")))
        .isEqualTo("Monday 23 November 2026, 10:00 (UTC)");
    assertThat(HumanFormat.moment(null)).isEqualTo("—");
    assertThat(HumanFormat.day(LocalDate.of(2026, 4, 1))).isEqualTo("1 Apr 2026");
    assertThat(HumanFormat.dayLong(LocalDate.of(2026, 4, 1))).isEqualTo("1 April 2026");
  }

  @Test
  @DisplayName("periods in words: 30 days, 1 month, 48 hours — never P30D")
  void periods() {
    assertThat(HumanFormat.period("P30D")).isEqualTo("30 days");
    assertThat(HumanFormat.period("P1M")).isEqualTo("1 month");
    assertThat(HumanFormat.period("P12M")).isEqualTo("12 months");
    assertThat(HumanFormat.period("PT24H")).isEqualTo("24 hours");
    assertThat(HumanFormat.period(Duration.ofHours(48))).isEqualTo("48 hours");
    assertThat(HumanFormat.period(Duration.ofDays(7))).isEqualTo("7 days");
    assertThat(HumanFormat.period(Duration.ofMinutes(75))).isEqualTo("1 hour 15 minutes");
    assertThat(HumanFormat.period(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(HumanFormat.period(Duration.ofSeconds(45))).isEqualTo("45 seconds");
  }

  @Test
  @DisplayName("stored keys as labels, and labels inside a sentence")
  void labels() {
    assertThat(HumanFormat.label("awaiting-verification")).isEqualTo("Awaiting verification");
    assertThat(HumanFormat.inSentence("Awaiting verification")).isEqualTo("awaiting verification");
    assertThat(HumanFormat.inSentence("GDPR request")).isEqualTo("GDPR request");
  }
}
