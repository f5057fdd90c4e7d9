package dev.pledge.server.accesslog;

import dev.pledge.server.PledgeSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * What the operator learns from Pledge's own access log, for debugging, abuse monitoring and uptime
 * — read only from the anonymised day files, never from anything holding a full address. The
 * module's published API for the console.
 */
@Service
public class AccessLogReport {

  private static final Pattern COMBINED =
      Pattern.compile(
          "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"([^\"]*)\" (\\d{3}) \\S+ \"((?:[^\"\\\\]|\\\\.)*)\""
              + " \"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private final Path directory;

  AccessLogReport(PledgeSettings settings) {
    this.directory = OwnAccessLog.directory(settings);
  }

  /** Requests in one hour, by status class. */
  public record Hour(
      LocalDateTime start, long ok, long redirects, long clientErrors, long serverErrors) {
    public long total() {
      return ok + redirects + clientErrors + serverErrors;
    }
  }

  /** A path or user agent with its count. */
  public record Count(String value, long count) {}

  /**
   * @param hours requests per hour, oldest first (hours without requests left out)
   * @param errorPaths the most frequent paths answered 4xx or 5xx, with their status
   * @param userAgents the most frequent user agents
   * @param requests all requests in the range
   * @param peakPerMinute the busiest minute's request count
   * @param unreadable lines that were not in combined format
   */
  public record Report(
      List<Hour> hours,
      List<Count> errorPaths,
      List<Count> userAgents,
      long requests,
      long peakPerMinute,
      long unreadable) {

    /** Average requests a minute over the hours that had any. */
    public double averagePerMinute() {
      return hours.isEmpty() ? 0 : requests / (hours.size() * 60.0);
    }
  }

  /**
   * Reads the day files from {@code from} to {@code to}, inclusive, one pass, constant memory per
   * key.
   */
  public Report report(LocalDate from, LocalDate to, int top) {
    Map<LocalDateTime, long[]> hours = new TreeMap<>();
    Map<String, Long> errors = new HashMap<>();
    Map<String, Long> agents = new HashMap<>();
    Map<LocalDateTime, Long> minutes = new HashMap<>();
    long requests = 0;
    long unreadable = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Path file = directory.resolve(OwnAccessLog.PREFIX + "." + day + OwnAccessLog.SUFFIX);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          Matcher m = COMBINED.matcher(line);
          LocalDateTime at = m.find() ? time(m.group(2)) : null;
          if (at == null) {
            unreadable++;
            continue;
          }
          requests++;
          int status = Integer.parseInt(m.group(4));
          long[] counts = hours.computeIfAbsent(at.truncatedTo(ChronoUnit.HOURS), k -> new long[4]);
          counts[Math.min(3, Math.max(0, status / 100 - 2))]++;
          minutes.merge(at.truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
          if (status >= 400) {
            errors.merge(status + " " + path(m.group(3)), 1L, Long::sum);
          }
          agents.merge(m.group(6), 1L, Long::sum);
        }
      } catch (IOException e) {
        unreadable++;
      }
    }
    List<Hour> series = new ArrayList<>();
    hours.forEach((h, c) -> series.add(new Hour(h, c[0], c[1], c[2], c[3])));
    long peak = minutes.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return new Report(series, top(errors, top), top(agents, top), requests, peak, unreadable);
  }

  private static List<Count> top(Map<String, Long> counts, int n) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new Count(e.getKey(), e.getValue()))
        .toList();
  }

  /** The path of a request line, without its query (which may carry anything). */
  private static String path(String requestLine) {
    String[] parts = requestLine.split(" ");
    String target = parts.length > 1 ? parts[1] : requestLine;
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  private static LocalDateTime time(String clf) {
    try {
      return OffsetDateTime.parse(clf, CLF_TIME).toLocalDateTime();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
