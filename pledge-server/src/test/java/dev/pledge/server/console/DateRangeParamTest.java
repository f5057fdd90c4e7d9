package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import dev.pledge.server.analytics.DashboardRange;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The dashboard's range parameters: presets, custom ranges, intervals, and every refusal. */
class DateRangeParamTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 5, 20);

  private static DateRangeParam.Selection parse(
      String period, String from, String to, String interval) throws Exception {
    return DateRangeParam.parse(period, from, to, interval, TODAY);
  }

  @Test
  void presetsEndToday() throws Exception {
    assertThat(parse("today", null, null, null).range())
        .isEqualTo(new DashboardRange(TODAY, TODAY));
    assertThat(parse("7d", null, null, null).range())
        .isEqualTo(new DashboardRange(LocalDate.of(2026, 5, 14), TODAY));
    assertThat(parse("30d", null, null, null).range())
        .isEqualTo(new DashboardRange(LocalDate.of(2026, 4, 21), TODAY));
    assertThat(parse("month", null, null, null).range())
        .isEqualTo(new DashboardRange(LocalDate.of(2026, 5, 1), TODAY));
    assertThat(parse("12mo", null, null, null).range())
        .isEqualTo(new DashboardRange(LocalDate.of(2025, 5, 21), TODAY));
  }

  @Test
  void withoutParametersTheLast30Days() throws Exception {
    DateRangeParam.Selection s = parse(null, null, null, null);
    assertThat(s.preset()).isEqualTo(DateRangeParam.Preset.LAST_30_DAYS);
    assertThat(s.effectiveInterval()).isEqualTo(Interval.DAY);
    assertThat(s.query()).containsExactly(java.util.Map.entry("period", "30d"));
  }

  @Test
  void datesAloneMakeACustomRange() throws Exception {
    DateRangeParam.Selection s = parse(null, "2026-01-05", " 2026-02-10 ", "WEEK");
    assertThat(s.preset()).isEqualTo(DateRangeParam.Preset.CUSTOM);
    assertThat(s.range())
        .isEqualTo(new DashboardRange(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 2, 10)));
    assertThat(s.interval()).isEqualTo(Interval.WEEK);
    assertThat(s.query())
        .containsExactly(
            java.util.Map.entry("period", "custom"),
            java.util.Map.entry("from", "2026-01-05"),
            java.util.Map.entry("to", "2026-02-10"),
            java.util.Map.entry("interval", "week"));
  }

  @Test
  void theIntervalSuitsTheRangeUnlessOneIsChosen() throws Exception {
    assertThat(parse("30d", null, null, null).effectiveInterval()).isEqualTo(Interval.DAY);
    assertThat(parse(null, "2026-01-01", "2026-05-01", null).effectiveInterval())
        .isEqualTo(Interval.WEEK);
    assertThat(parse("12mo", null, null, "auto").effectiveInterval()).isEqualTo(Interval.MONTH);
    assertThat(parse("12mo", null, null, "day").effectiveInterval()).isEqualTo(Interval.DAY);
  }

  @Test
  void everyMistakeSaysHowToFixIt() {
    assertThatThrownBy(() -> parse("week", null, null, null))
        .isInstanceOf(DateRangeParam.InvalidParameter.class)
        .hasMessage("Unknown period 'week': choose one of today, 7d, 30d, month, 12mo, custom.");
    assertThatThrownBy(() -> parse("custom", "2026-05-01", null, null))
        .hasMessageStartingWith("A custom range needs both a start and an end date");
    assertThatThrownBy(() -> parse("custom", "05/01/2026", "2026-05-02", null))
        .hasMessage(
            "The start date '05/01/2026' is not a date: write it as YYYY-MM-DD, for example"
                + " 2026-05-20.");
    assertThatThrownBy(() -> parse("custom", "2026-05-01", "2026-04-31", null))
        .hasMessageStartingWith("The end date '2026-04-31' is not a date");
    assertThatThrownBy(() -> parse(null, "2026-05-10", "2026-05-01", null))
        .hasMessage(
            "The range ends (2026-05-01) before it starts (2026-05-10): swap the two dates.");
    assertThatThrownBy(() -> parse(null, "2026-05-10", "2026-05-21", null))
        .hasMessage(
            "The end date 2026-05-21 is in the future: the last day with data is today,"
                + " 2026-05-20 (UTC).");
    assertThatThrownBy(() -> parse(null, "2016-05-10", "2026-05-20", null))
        .hasMessageContaining("at most 3660 days");
    assertThatThrownBy(() -> parse("7d", null, null, "hourly"))
        .hasMessage("Unknown interval 'hourly': choose day, week or month.");
    assertThatThrownBy(() -> parse("x".repeat(500), null, null, null))
        .hasMessage(
            "Unknown period '"
                + "x".repeat(40)
                + "…': choose one of today, 7d, 30d,"
                + " month, 12mo, custom.");
  }
}
