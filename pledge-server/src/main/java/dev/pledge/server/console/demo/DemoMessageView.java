package dev.pledge.server.console.demo;

import com.icegreen.greenmail.store.StoredMessage;
import dev.pledge.server.shared.HumanFormat;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One message of the demo mailbox as the console shows it: headers, and the text cut into plain
 * pieces and web links, so the template escapes the text and makes only http(s) links clickable.
 */
record DemoMessageView(
    String received, String from, String to, String subject, List<DemoMessageView.Piece> body) {

  /** Text, or a link when {@code href} is set. */
  record Piece(String text, String href) {}

  private static final DateTimeFormatter RECEIVED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH);

  // Only web links: a javascript: or data: "link" in a message stays text.
  private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");

  static DemoMessageView of(StoredMessage stored) {
    var m = stored.getMimeMessage();
    try {
      return new DemoMessageView(
          HumanFormat.moment(stored.getReceivedDate().toInstant()),
          addresses(m.getFrom()),
          addresses(m.getAllRecipients()),
          m.getSubject() == null ? "(no subject)" : m.getSubject(),
          pieces(text(m)));
    } catch (MessagingException | IOException | RuntimeException e) {
      return new DemoMessageView(
          "—",
          "—",
          "—",
          "(unreadable message)",
          List.of(
              new Piece(
                  "This message could not be read (" + e.getClass().getSimpleName() + ").", null)));
    }
  }

  private static String addresses(Address[] addresses) {
    return addresses == null
        ? "—"
        : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
  }

  /** The first text part, decoded; what a person would read. */
  private static String text(Part part) throws MessagingException, IOException {
    if (part.isMimeType("text/*")) {
      Object content = part.getContent();
      return content instanceof String s ? s : "";
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String text = text(multipart.getBodyPart(i));
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return "";
  }

  static List<Piece> pieces(String text) {
    List<Piece> pieces = new ArrayList<>();
    Matcher link = LINK.matcher(text);
    int at = 0;
    while (link.find()) {
      String url = link.group();
      // A sentence's full stop or closing bracket after a link is not part of it.
      while (!url.isEmpty() && ".,;:)]".indexOf(url.charAt(url.length() - 1)) >= 0) {
        url = url.substring(0, url.length() - 1);
      }
      if (link.start() > at) {
        pieces.add(new Piece(text.substring(at, link.start()), null));
      }
      pieces.add(new Piece(url, url));
      at = link.start() + url.length();
    }
    if (at < text.length()) {
      pieces.add(new Piece(text.substring(at), null));
    }
    return pieces;
  }
}
