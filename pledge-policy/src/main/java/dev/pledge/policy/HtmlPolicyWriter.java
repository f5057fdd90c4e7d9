package dev.pledge.policy;

import dev.pledge.policy.PolicyDocument.Block;
import dev.pledge.policy.PolicyDocument.Date;
import dev.pledge.policy.PolicyDocument.Fact;
import dev.pledge.policy.PolicyDocument.Facts;
import dev.pledge.policy.PolicyDocument.Inline;
import dev.pledge.policy.PolicyDocument.Items;
import dev.pledge.policy.PolicyDocument.Link;
import dev.pledge.policy.PolicyDocument.Notice;
import dev.pledge.policy.PolicyDocument.Paragraph;
import dev.pledge.policy.PolicyDocument.Section;
import dev.pledge.policy.PolicyDocument.Strong;
import dev.pledge.policy.PolicyDocument.Table;
import dev.pledge.policy.PolicyDocument.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link PolicyDocument} as semantic, accessible HTML: landmarks, sections labelled by
 * their headings, headings that never skip a level, tables with captions and scoped headers, dates
 * in {@code <time>}. The full page carries its own stylesheet, print rules included — inline, or
 * linked from the server that publishes it when its content-security policy refuses inline styles —
 * and loads nothing from anywhere else: a privacy policy that pulls fonts from a CDN would leak
 * every reader's IP address to that CDN.
 */
final class HtmlPolicyWriter {

  /** The stylesheet of the full page ({@code policy.css} beside this class). */
  static final String STYLE = stylesheet();

  private final StringBuilder out = new StringBuilder(16_384);

  private HtmlPolicyWriter() {}

  /** The policy without {@code <html>}/{@code <head>}, for a site layout to embed. */
  static String body(PolicyDocument doc) {
    HtmlPolicyWriter w = new HtmlPolicyWriter();
    w.article(doc);
    return w.out.toString();
  }

  /** A complete, self-contained page. */
  static String document(PolicyDocument doc) {
    return document(doc, null);
  }

  /**
   * A complete page whose stylesheet is linked from {@code stylesheetHref}, or inlined when it is
   * null.
   */
  static String document(PolicyDocument doc, String stylesheetHref) {
    HtmlPolicyWriter w = new HtmlPolicyWriter();
    w.out.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.out.append("<title>").append(Html.escape(doc.title())).append("</title>\n");
    if (stylesheetHref == null) {
      w.out.append("<style>\n").append(STYLE).append("</style>\n");
    } else {
      w.out
          .append("<link rel=\"stylesheet\" href=\"")
          .append(Html.escape(stylesheetHref))
          .append("\">\n");
    }
    w.out.append("</head>\n<body>\n<main>\n");
    w.article(doc);
    w.out.append("</main>\n</body>\n</html>\n");
    return w.out.toString();
  }

  private static String stylesheet() {
    try (InputStream in = HtmlPolicyWriter.class.getResourceAsStream("policy.css")) {
      if (in == null) {
        throw new IllegalStateException("policy.css is missing beside HtmlPolicyWriter");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("policy.css cannot be read", e);
    }
  }

  private void article(PolicyDocument doc) {
    out.append("<article class=\"privacy-policy\" aria-labelledby=\"policy-title\">\n");
    out.append("<header>\n<h1 id=\"policy-title\">")
        .append(Html.escape(doc.title()))
        .append("</h1>\n");
    doc.header().forEach(b -> block(b, 1));
    out.append("</header>\n");
    doc.sections().forEach(s -> block(s, 1));
    out.append("</article>\n");
  }

  /** Writes a block; {@code depth} is the heading level of the enclosing section. */
  private void block(Block block, int depth) {
    if (block instanceof Section s) {
      int level = Math.min(depth + 1, 6);
      String headingId = s.id() + "-heading";
      out.append("<section id=\"")
          .append(Html.escape(s.id()))
          .append("\" aria-labelledby=\"")
          .append(Html.escape(headingId))
          .append("\">\n<h")
          .append(level)
          .append(" id=\"")
          .append(Html.escape(headingId))
          .append("\">")
          .append(Html.escape(s.heading()))
          .append("</h")
          .append(level)
          .append(">\n");
      s.blocks().forEach(b -> block(b, level));
      out.append("</section>\n");
    } else if (block instanceof Paragraph p) {
      out.append("<p>");
      inlines(p.content());
      out.append("</p>\n");
    } else if (block instanceof Notice n) {
      out.append("<aside role=\"note\" class=\"policy-change-notice\"><p>");
      inlines(n.content());
      out.append("</p></aside>\n");
    } else if (block instanceof Items items) {
      out.append("<ul>\n");
      for (List<Inline> item : items.items()) {
        out.append("<li>");
        inlines(item);
        out.append("</li>\n");
      }
      out.append("</ul>\n");
    } else if (block instanceof Facts facts) {
      out.append("<dl>\n");
      for (Fact f : facts.facts()) {
        out.append("<dt>").append(Html.escape(f.label())).append("</dt><dd>");
        inlines(f.value());
        out.append("</dd>\n");
      }
      out.append("</dl>\n");
    } else if (block instanceof Table t) {
      table(t);
    }
  }

  /** Each row on one line with no space between cells, so the table's text reads cleanly. */
  private void table(Table t) {
    out.append("<table>\n<caption>").append(Html.escape(t.caption())).append("</caption>\n");
    out.append("<thead><tr>");
    for (String h : t.headers()) {
      out.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<List<Inline>> row : t.rows()) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        // The first cell names the row, so screen readers announce it with every other cell.
        String tag = i == 0 ? "th" : "td";
        out.append('<').append(tag).append(i == 0 ? " scope=\"row\">" : ">");
        inlines(row.get(i));
        out.append("</").append(tag).append('>');
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private void inlines(List<Inline> content) {
    for (Inline i : content) {
      if (i instanceof Text t) {
        out.append(Html.escape(t.text()));
      } else if (i instanceof Strong s) {
        out.append("<strong>").append(Html.escape(s.text())).append("</strong>");
      } else if (i instanceof Link l) {
        out.append("<a href=\"")
            .append(Html.escape(l.href()))
            .append("\">")
            .append(Html.escape(l.text()))
            .append("</a>");
      } else if (i instanceof Date d) {
        out.append("<time datetime=\"")
            .append(d.date())
            .append("\">")
            .append(Html.escape(PlainWords.date(d.date())))
            .append("</time>");
      }
    }
  }
}
