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
import java.util.List;

/**
 * Writes a {@link PolicyDocument} as semantic, accessible HTML: landmarks, sections labelled by
 * their headings, headings that never skip a level, tables with captions and scoped headers, dates
 * in {@code <time>}. The full page carries its own stylesheet, print rules included, and loads
 * nothing from anywhere: a privacy policy that pulls fonts from a CDN would leak every reader's IP
 * address to that CDN.
 */
final class HtmlPolicyWriter {

  /** Readable on screen, tidy on paper; system fonts only, so nothing is fetched. */
  private static final String STYLE =
      """
      body { margin: 0; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
      main { max-width: 50rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
      h1 { font-size: 1.9rem; line-height: 1.25; }
      h2 { margin-top: 2.25rem; border-bottom: 1px solid #8884; padding-bottom: .2rem; }
      table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
      caption { text-align: left; font-weight: 600; padding-bottom: .4rem; }
      th, td { border: 1px solid #8888; padding: .4rem .6rem; text-align: left; vertical-align: top; }
      thead th { background: #8882; }
      dt { font-weight: 600; }
      dd { margin: 0 0 .5rem 1.25rem; }
      .policy-change-notice { border: 3px solid currentColor; border-radius: .4rem;
        padding: .25rem 1rem; margin: 1rem 0; font-weight: 600; }
      @media print {
        body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #000; background: #fff; }
        main { max-width: none; padding: 0; }
        h2, h3 { break-after: avoid; }
        tr, li, dd, .policy-change-notice { break-inside: avoid; }
        thead { display: table-header-group; }
        a { color: #000; }
        a[href]:not([href^="mailto:"]):not([href^="tel:"])::after {
          content: " (" attr(href) ")"; font-size: .9em; }
      }
      """;

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
    HtmlPolicyWriter w = new HtmlPolicyWriter();
    w.out.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.out.append("<title>").append(Html.escape(doc.title())).append("</title>\n");
    w.out.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
    w.article(doc);
    w.out.append("</main>\n</body>\n</html>\n");
    return w.out.toString();
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
