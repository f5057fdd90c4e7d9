package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The forecast of days left (B-04): the average daily use of the last 14 days, today included. */
class ForecastTest {

  static final LocalDate TODAY = LocalDate.of(2025, 3, 20);

  @Test
  @DisplayName("B-04 days left are the balance divided by the 14-day average, rounded down")
  void averageOverFourteenDays() {
    Map<LocalDate, Long> use = new LinkedHashMap<>();
    use.put(TODAY, 30L);
    use.put(TODAY.minusDays(6), 40L);
    use.put(TODAY.minusDays(13), 70L); // the first day of the window
    Forecast f = Forecast.of(1000, use, TODAY);
    assertThat(f.usedInWindow()).isEqualTo(140);
    assertThat(f.perDay()).isEqualTo(10.0);
    assertThat(f.daysLeft()).isEqualTo(100);
    assertThat(f.runsOutOn()).isEqualTo(TODAY.plusDays(100));
    assertThat(f.perDayText()).isEqualTo("10.0");
  }

  @Test
  @DisplayName("B-04 use outside the window does not count; days without use count as zero")
  void windowBounds() {
    Map<LocalDate, Long> use = new LinkedHashMap<>();
    use.put(TODAY.minusDays(14), 10_000L); // one day too old
    use.put(TODAY.plusDays(1), 10_000L); // not yet
    use.put(TODAY.minusDays(3), 7L);
    Forecast f = Forecast.of(10, use, TODAY);
    assertThat(f.usedInWindow()).isEqualTo(7);
    assertThat(f.perDay()).isEqualTo(0.5);
    assertThat(f.daysLeft()).isEqualTo(20);
  }

  @Test
  @DisplayName("B-04 no recent use: no forecast; an empty balance: zero days")
  void edges() {
    assertThat(Forecast.of(500, Map.of(), TODAY).available()).isFalse();
    assertThat(Forecast.of(500, Map.of(TODAY.minusDays(2), 0L), TODAY).daysLeft()).isNull();
    Forecast empty = Forecast.of(0, Map.of(TODAY, 14L), TODAY);
    assertThat(empty.daysLeft()).isZero();
    assertThat(empty.runsOutOn()).isEqualTo(TODAY);
    // a refund larger than the day's charges is not negative use
    assertThat(Forecast.of(100, Map.of(TODAY, -5L), TODAY).available()).isFalse();
    // a fraction of a day rounds down
    assertThat(Forecast.of(13, Map.of(TODAY, 14L), TODAY).daysLeft()).isEqualTo(13);
    assertThat(Forecast.of(14, Map.of(TODAY, 28L), TODAY).daysLeft()).isEqualTo(7);
  }
}
