package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** How the console writes numbers, durations, ranges and changes. */
class ConsoleFormatTest {

  @Test
  void numbers() {
    assertThat(ConsoleFormat.count(1234567)).isEqualTo("1,234,567");
    assertThat(ConsoleFormat.ratio(2)).isEqualTo("2.0");
    assertThat(ConsoleFormat.ratio(2.345)).isEqualTo("2.35");
    assertThat(ConsoleFormat.percent(33.333)).isEqualTo("33%");
  }

  @Test
  void durations() {
    assertThat(ConsoleFormat.duration(0)).isEqualTo("0s");
    assertThat(ConsoleFormat.duration(59)).isEqualTo("59s");
    assertThat(ConsoleFormat.duration(65)).isEqualTo("1m 05s");
    assertThat(ConsoleFormat.duration(3725)).isEqualTo("1h 02m");
  }

  @Test
  void ranges() {
    LocalDate d = LocalDate.of(2013, 3, 8);
    assertThat(ConsoleFormat.range(d, d)).isEqualTo("8 Mar 2013");
    assertThat(ConsoleFormat.range(d, d.plusDays(6))).isEqualTo("8 Mar – 14 Mar 2013");
    assertThat(ConsoleFormat.range(LocalDate.of(2012, 12, 30), LocalDate.of(2013, 1, 5)))
        .isEqualTo("30 Dec 2012 – 5 Jan 2013");
  }

  @Test
  void relativeChanges() {
    ConsoleFormat.Change up = ConsoleFormat.relative(30, 20, true, "last week");
    assertThat(up.text()).isEqualTo("+50%");
    assertThat(up.value()).isEqualTo("+50");
    assertThat(up.direction()).isEqualTo("up");
    assertThat(up.tone()).isEqualTo("good");
    assertThat(up.description()).isEqualTo("Up 50% from last week");

    ConsoleFormat.Change down = ConsoleFormat.relative(15, 20, true, "last week");
    assertThat(down.text()).isEqualTo("\u221225%");
    assertThat(down.value()).isEqualTo("-25");
    assertThat(down.tone()).isEqualTo("bad");

    assertThat(ConsoleFormat.relative(20, 20, true, "x").text()).isEqualTo("0%");
    assertThat(ConsoleFormat.relative(5, 0, true, "x").value()).isEqualTo("new");
    assertThat(ConsoleFormat.relative(0, 0, true, "x").value()).isEqualTo("none");
  }

  @Test
  void rateChangesInPoints() {
    ConsoleFormat.Change fewerBounces =
        ConsoleFormat.points(100.0 / 3, 50, true, true, false, "last week");
    assertThat(fewerBounces.text()).isEqualTo("\u221217 pts");
    assertThat(fewerBounces.tone()).isEqualTo("good");
    assertThat(fewerBounces.description()).isEqualTo("Down 17 percentage points from last week");
    assertThat(ConsoleFormat.points(40, 0, true, false, false, "x").value()).isEqualTo("new");
    assertThat(ConsoleFormat.points(0, 50, false, true, false, "x").value()).isEqualTo("none");
  }
}
