package dev.pledge.server.console;

import dev.pledge.server.accesslog.AccessLogReport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The "Logs" page: what Pledge's own, anonymised access log says about errors, abuse and uptime
 * . It reads only the anonymised day files.
 */
@Controller
class LogsController {

  static final int MAX_DAYS = 90;
  private static final int TOP = 15;
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("d MMM HH:00", Locale.ENGLISH);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

  private final AccessLogReport logs;

  LogsController(AccessLogReport logs) {
    this.logs = logs;
  }

  /** One row of the status table: a day or an hour. */
  record Row(
      String period, long ok, long redirects, long clientErrors, long serverErrors, long total) {}

  @GetMapping("/console/logs")
  String logs(@RequestParam(name = "days", required = false) String daysParam, Model model) {
    int days = 1;
    if (daysParam != null) {
      try {
        days = Integer.parseInt(daysParam.trim());
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1 || days > MAX_DAYS) {
        model.addAttribute(
            "error", "days must be a whole number from 1 to " + MAX_DAYS + ", for example days=7");
        days = 1;
      }
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    AccessLogReport.Report report = logs.report(today.minusDays(days - 1L), today, TOP);
    model.addAttribute("days", days);
    model.addAttribute("report", report);
    model.addAttribute("rows", days == 1 ? byHour(report) : byDay(report));
    model.addAttribute("average", ConsoleFormat.ratio(report.averagePerMinute()));
    return "console/logs";
  }

  private static List<Row> byHour(AccessLogReport.Report report) {
    return report.hours().stream()
        .map(
            h ->
                new Row(
                    HOUR.format(h.start()),
                    h.ok(),
                    h.redirects(),
                    h.clientErrors(),
                    h.serverErrors(),
                    h.total()))
        .toList();
  }

  private static List<Row> byDay(AccessLogReport.Report report) {
    Map<LocalDate, long[]> days = new TreeMap<>();
    for (AccessLogReport.Hour h : report.hours()) {
      long[] c = days.computeIfAbsent(h.start().toLocalDate(), k -> new long[4]);
      c[0] += h.ok();
      c[1] += h.redirects();
      c[2] += h.clientErrors();
      c[3] += h.serverErrors();
    }
    List<Row> rows = new ArrayList<>();
    days.forEach(
        (d, c) ->
            rows.add(
                new Row(
                    DAY.format(d.atStartOfDay()),
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    c[0] + c[1] + c[2] + c[3])));
    return rows;
  }
}
