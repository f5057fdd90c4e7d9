package dev.pledge.server.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The credits page's chart data: the last 30 days' use per day (bars), the balance at the end of
 * each of those days (read back from the ledger), and the forecast's balance for the next 30 days
 * at the recent pace (dashed). A JSON document in a data attribute for the studio's script — no
 * inline script (the CSP forbids it); the same numbers are in a table beside the chart.
 */
@Component
class CreditsView {

  static final int HISTORY_DAYS = 30;
  static final int FORECAST_DAYS = 30;

  /** One day of the table beside the chart. */
  record Day(LocalDate day, long used, long balance) {}

  private final Ledger ledger;
  private final ObjectMapper json;
  private final MessageSource messages;

  CreditsView(Ledger ledger, ObjectMapper json, MessageSource messages) {
    this.ledger = ledger;
    this.json = json;
    this.messages = messages;
  }

  /** The last {@link #HISTORY_DAYS} days, oldest first. */
  List<Day> history(String accountId, long balance, LocalDate today) {
    LocalDate first = today.minusDays(HISTORY_DAYS - 1L);
    Map<LocalDate, Long> used = ledger.dailyUse(accountId, first, today);
    Map<LocalDate, Long> net = ledger.dailyNet(accountId, first);
    // Walk back from today's balance: the end of yesterday is today's end less today's change.
    long[] end = new long[HISTORY_DAYS];
    long b = balance;
    for (int i = HISTORY_DAYS - 1; i >= 0; i--) {
      end[i] = b;
      b -= net.getOrDefault(first.plusDays(i), 0L);
    }
    List<Day> days = new ArrayList<>();
    for (int i = 0; i < HISTORY_DAYS; i++) {
      LocalDate d = first.plusDays(i);
      days.add(new Day(d, used.getOrDefault(d, 0L), end[i]));
    }
    return days;
  }

  String chart(List<Day> history, Forecast forecast, long balance, LocalDate today, Locale locale) {
    DateTimeFormatter f = DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale);
    ObjectNode c = json.createObjectNode();
    ArrayNode labels = c.putArray("labels");
    ArrayNode used = c.putArray("used");
    ArrayNode balances = c.putArray("balance");
    ArrayNode projected = c.putArray("forecast");
    for (Day d : history) {
      labels.add(f.format(d.day()));
      used.add(d.used());
      balances.add(d.balance());
      if (d.day().equals(today) && forecast.available()) {
        projected.add(balance);
      } else {
        projected.addNull();
      }
    }
    if (forecast.available()) {
      for (int i = 1; i <= FORECAST_DAYS; i++) {
        labels.add(f.format(today.plusDays(i)));
        used.addNull();
        balances.addNull();
        projected.add(Math.max(0, Math.round(balance - forecast.perDay() * i)));
      }
    }
    ObjectNode names = c.putObject("names");
    names.put("used", messages.getMessage("billing.chart.used", null, locale));
    names.put("balance", messages.getMessage("billing.chart.balance", null, locale));
    names.put("forecast", messages.getMessage("billing.chart.forecast", null, locale));
    return c.toString();
  }
}
