package dev.pledge.server.rights;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * One e-mail as an item of an access export: when it was sent and received, who sent it to
 * whom, its subject, its text, and its attachments by name, type and size (the files themselves are
 * not part of the export). A message whose structure cannot be read is handed over as its raw
 * source instead, so the person still gets everything the mailbox holds.
 */
final class MessageExportItem {

  private static final String[] ADDRESS_HEADERS = {"From", "Reply-To", "To", "Cc"};
  private static final Session LOCAL = Session.getInstance(new Properties());

  private MessageExportItem() {}

  static Map<String, Object> of(Message m) {
    Map<String, Object> item = new LinkedHashMap<>();
    // Which folder (INBOX, Sent, ...): the person can tell their own messages from the replies.
    item.put("folder", m.getFolder() == null ? null : m.getFolder().getFullName());
    String received = iso(m::getReceivedDate);
    // The message is fetched whole and read here: asking the server for its structure part by
    // part would let one malformed message break the connection for the ones after it.
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    Message local = m;
    boolean whole = false;
    try {
      m.writeTo(raw);
      local = new MimeMessage(LOCAL, new ByteArrayInputStream(raw.toByteArray()));
      whole = true;
    } catch (MessagingException | IOException | RuntimeException e) {
      // the headers already fetched still say what the message was
    }
    Message read = local;
    item.put("date", iso(read::getSentDate));
    item.put("received", received);
    for (String h : ADDRESS_HEADERS) {
      item.put(h.toLowerCase(Locale.ROOT), header(read, h));
    }
    String subject;
    try {
      subject = read.getSubject();
    } catch (MessagingException | RuntimeException e) {
      subject = header(read, "Subject");
    }
    item.put("subject", subject);
    Body body = new Body();
    try {
      if (!whole) {
        throw new MessagingException("the message could not be fetched");
      }
      body.walk(read);
      item.put("text", body.text.isEmpty() ? null : String.join("\n\n", body.text));
      if (body.text.isEmpty() && !body.html.isEmpty()) {
        item.put("html", String.join("\n\n", body.html));
      }
      item.put("attachments", body.attachments);
    } catch (MessagingException | IOException | RuntimeException e) {
      item.put("text", null);
      item.put("attachments", List.of());
      item.put("unreadable", "the message's structure could not be read; its source follows");
      item.put("source", raw.toString(StandardCharsets.UTF_8));
    }
    return item;
  }

  @FunctionalInterface
  private interface DateRead {
    Date read() throws MessagingException;
  }

  private static String iso(DateRead read) {
    try {
      Date d = read.read();
      return d == null ? null : d.toInstant().toString();
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /** A header as the person would read it: unfolded, encoded words decoded, repeats joined. */
  private static String header(Message m, String name) {
    try {
      String[] values = m.getHeader(name);
      if (values == null || values.length == 0) {
        return null;
      }
      List<String> out = new ArrayList<>(values.length);
      for (String v : values) {
        String unfolded = MimeUtility.unfold(v).strip();
        try {
          out.add(MimeUtility.decodeText(unfolded));
        } catch (UnsupportedEncodingException e) {
          out.add(unfolded);
        }
      }
      return String.join(", ", out);
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /** The text parts and the attachments of a message, depth first. */
  private static final class Body {
    final List<String> text = new ArrayList<>();
    final List<String> html = new ArrayList<>();
    final List<Map<String, Object>> attachments = new ArrayList<>();

    void walk(Part p) throws MessagingException, IOException {
      if (p.isMimeType("multipart/*")) {
        Multipart mp = (Multipart) p.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
          walk(mp.getBodyPart(i));
        }
        return;
      }
      boolean attached =
          Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || fileName(p) != null;
      if (!attached && p.isMimeType("text/plain")) {
        text.add(text(p));
      } else if (!attached && p.isMimeType("text/html")) {
        html.add(text(p));
      } else {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", fileName(p));
        a.put("type", baseType(p));
        a.put("size", size(p));
        attachments.add(a);
      }
    }

    private static String text(Part p) throws MessagingException, IOException {
      try {
        Object content = p.getContent();
        if (content instanceof String s) {
          return s;
        }
      } catch (UnsupportedEncodingException e) {
        // an unknown charset: the bytes as UTF-8 are closer than nothing
      }
      try (InputStream in = p.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    private static String fileName(Part p) {
      try {
        String name = p.getFileName();
        return name == null ? null : MimeUtility.decodeText(name);
      } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
        return null;
      }
    }

    private static String baseType(Part p) throws MessagingException {
      String type = p.getContentType();
      if (type == null) {
        return null;
      }
      int semicolon = type.indexOf(';');
      return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The decoded size in bytes (the transfer encoding's would overstate it by a third). */
    private static long size(Part p) throws MessagingException, IOException {
      long n = 0;
      try (InputStream in = p.getInputStream()) {
        byte[] buf = new byte[8192];
        for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
          n += r;
        }
      }
      return n;
    }
  }
}
