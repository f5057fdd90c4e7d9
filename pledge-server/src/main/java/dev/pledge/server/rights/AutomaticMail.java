package dev.pledge.server.rights;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a message was written by a machine — a bounce, a delivery or read report, an
 * out-of-office reply, bulk mail — by the marks RFC 3834 tells automatic responders to heed. Such a
 * message is never a privacy request, and answering it could start a loop: a bounce of an
 * acknowledgement ("Undeliverable: Your privacy request R-…") names a privacy request in its
 * subject, and its acknowledgement to the mailer daemon would bounce again.
 */
final class AutomaticMail {

  /** The headers {@link #reason} reads, to fetch with the envelope. */
  static final List<String> HEADERS =
      List.of(
          "Auto-Submitted",
          "Content-Type",
          "Return-Path",
          "Precedence",
          "X-Autoreply",
          "X-Autorespond");

  private AutomaticMail() {}

  /** What marks {@code m} as automatic, or empty when nothing does. */
  static Optional<String> reason(Message m) throws MessagingException {
    String auto = first(m, "Auto-Submitted");
    if (auto != null && !auto.equalsIgnoreCase("no")) {
      return Optional.of("Auto-Submitted");
    }
    String type = first(m, "Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
      return Optional.of("a delivery or read report");
    }
    String returnPath = first(m, "Return-Path");
    if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
      return Optional.of("a null return path, as bounces have");
    }
    String precedence = first(m, "Precedence");
    if (precedence != null
        && List.of("bulk", "junk", "list").contains(precedence.toLowerCase(Locale.ROOT))) {
      return Optional.of("Precedence: " + precedence.toLowerCase(Locale.ROOT));
    }
    if (first(m, "X-Autoreply") != null || first(m, "X-Autorespond") != null) {
      return Optional.of("X-Autoreply");
    }
    return Optional.empty();
  }

  private static String first(Message m, String name) throws MessagingException {
    String[] values = m.getHeader(name);
    return values == null || values.length == 0 ? null : values[0].strip();
  }
}
