package dev.pledge.server.rights;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's history told to the person who made it, on their status page: what happened, in
 * words, with what they were told already (an extension's reason, a rejection's reason). The
 * operators' own notes, manual steps and bookkeeping are theirs and are left out.
 */
final class RequesterHistory {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

  private RequesterHistory() {}

  /** One line of the history. */
  record Line(String at, String text, String detail) {}

  static List<Line> of(List<RightsRequestEvent> events, ZoneId zone) {
    List<Line> lines = new ArrayList<>();
    for (RightsRequestEvent e : events) {
      String at = WHEN.format(e.at().atZone(zone)) + " (" + zone.getId() + ")";
      String note = e.note() == null ? "" : e.note().strip();
      switch (e.event()) {
        case "status" -> {
          Line line = status(e, at, note);
          if (line != null) {
            lines.add(line);
          }
        }
        case "extended" ->
            lines.add(new Line(at, "We extended the deadline to answer.", "Our reason: " + note));
        case "export" -> lines.add(new Line(at, "We prepared a copy of your data.", null));
        case "erasure" ->
            lines.add(
                new Line(
                    at,
                    note.equals("erasure scheduled")
                        ? "We started erasing your data."
                        : "We erased your data where Pledge holds it; the receipt was sent to you.",
                    null));
        case "processing" ->
            lines.add(
                new Line(
                    at,
                    note.startsWith("lifted")
                        ? "We resumed the use of your data that your request had stopped."
                        : "We stopped the use of your data that you asked us to stop.",
                    null));
        case "rectification" -> lines.add(new Line(at, "We corrected your data.", null));
        default -> {
          // operators' notes, manual steps, the form's details, mail bookkeeping: not told here
        }
      }
    }
    return lines;
  }

  private static Line status(RightsRequestEvent e, String at, String note) {
    return switch (e.status()) {
      case RECEIVED -> new Line(at, "We received your request" + via(note) + ".", null);
      case AWAITING_VERIFICATION ->
          new Line(
              at,
              "We received your request"
                  + via(note)
                  + " and asked you to confirm it with the link we e-mailed.",
              null);
      case VERIFIED -> new Line(at, "You confirmed that the request is yours.", null);
      case IN_PROGRESS -> new Line(at, "We started working on your request.", null);
      case COMPLETED -> new Line(at, "We completed your request.", null);
      case REJECTED ->
          new Line(at, "We declined your request.", note.isEmpty() ? null : "Our reason: " + note);
      case EXPIRED ->
          new Line(at, "The request lapsed: it was not confirmed in time. Nothing was done.", null);
    };
  }

  private static String via(String note) {
    if (!note.startsWith("received via ")) {
      return "";
    }
    // The history names the channel by its label (older entries: by its key).
    String named = note.substring("received via ".length());
    return java.util.Arrays.stream(RequestChannel.values())
        .filter(c -> c.key().equals(named) || c.label().equalsIgnoreCase(named))
        .findFirst()
        .map(
            c ->
                switch (c) {
                  case FORM -> " through the privacy center's form";
                  case EMAIL -> " by e-mail";
                  case ACCOUNT -> " from your account";
                  case SUPPORT -> " through our support";
                  case LEGAL -> " through our legal contact";
                  case API -> "";
                })
        .orElse("");
  }

  /** Where a request stands, as its requester reads it. */
  static String status(RightsRequestStatus status) {
    return switch (status) {
      case RECEIVED -> "Received";
      case AWAITING_VERIFICATION -> "Waiting for you to confirm it (see the e-mail we sent)";
      case VERIFIED -> "Confirmed — we are working on it";
      case IN_PROGRESS -> "In progress";
      case COMPLETED -> "Completed";
      case REJECTED -> "Declined";
      case EXPIRED -> "Lapsed — it was not confirmed in time";
    };
  }
}
