package dev.pledge.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new text of an e-mailed reply: what the person wrote above our announcement, without the
 * quoted announcement, the mail client's "On … wrote:" line, quoted lines ({@code >}) or a
 * signature ({@code -- }). What stays is what joins the thread.
 */
final class ReplyText {

  /** Where the quoted part starts, in the clients and languages we know. */
  private static final List<Pattern> CUTS =
      List.of(
          Pattern.compile("^\\s*>?\\s*" + Pattern.quote(SupportMail.REPLY_ABOVE)),
          Pattern.compile("^\\s*On .{1,200} wrote:\\s*$"),
          Pattern.compile("^\\s*Am .{1,200} schrieb .{0,200}:\\s*$"),
          Pattern.compile("^\\s*Le .{1,200} a écrit\\s*:\\s*$"),
          Pattern.compile("^\\s*在.{1,200}写道[:：]\\s*$"),
          Pattern.compile("^\\s*-{2,}\\s*Original Message\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE),
          Pattern.compile("^\\s*-{2,}\\s*原始邮件\\s*-{2,}\\s*$"),
          Pattern.compile("^\\s*_{5,}\\s*$"),
          Pattern.compile("^From: .{1,300}$"),
          Pattern.compile("^-- $"));

  private ReplyText() {}

  static String of(String mail) {
    String text = mail == null ? "" : mail.replace("\r\n", "\n").replace('\r', '\n');
    List<String> kept = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String l = line;
      if (CUTS.stream().anyMatch(p -> p.matcher(l).find())) {
        break;
      }
      if (l.stripLeading().startsWith(">")) {
        continue;
      }
      kept.add(l);
    }
    return SupportInputs.text(String.join("\n", kept)).replaceAll("\n{3,}", "\n\n");
  }

  /** A crude but safe reading of an HTML-only e-mail: its text, with paragraph breaks. */
  static String fromHtml(String html) {
    String s = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", " ");
    s = s.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</(p|div|li|tr|h[1-6])>", "\n");
    s = s.replaceAll("(?i)<blockquote[^>]*>", "\n> ");
    s = s.replaceAll("<[^>]*>", "");
    return s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
