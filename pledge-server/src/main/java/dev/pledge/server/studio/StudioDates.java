package dev.pledge.server.studio;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Dates and times as studio pages show them: in the reader's language, in UTC (the studio does not
 * know where its reader is, and says so). Templates call it as {@code @studioDates}.
 */
@Component("studioDates")
public class StudioDates {

  public String date(Instant at) {
    return at == null
        ? ""
        : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withLocale(LocaleContextHolder.getLocale())
            .format(at.atZone(ZoneOffset.UTC));
  }

  public String date(LocalDate day) {
    return day == null
        ? ""
        : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withLocale(LocaleContextHolder.getLocale())
            .format(day);
  }

  public String dateTime(Instant at) {
    return at == null
        ? ""
        : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale())
                .format(at.atZone(ZoneOffset.UTC))
            + " UTC";
  }
}
