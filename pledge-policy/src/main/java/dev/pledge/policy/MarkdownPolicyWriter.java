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
 * Writes a {@link PolicyDocument} as GitHub-flavoured Markdown: the same words in the same order as
 * the HTML page, for repositories, wikis and reviews of a policy change.
 */
final class MarkdownPolicyWriter {

  private final StringBuilder out = new StringBuilder(16_384);

  private MarkdownPolicyWriter() {}

  static String write(PolicyDocument doc) {
    MarkdownPolicyWriter w = new MarkdownPolicyWriter();
    w.out.append("# ").append(Markdown.text(doc.title())).append("\n\n");
    doc.header().forEach(b -> w.block(b, 1));
    doc.sections().forEach(s -> w.block(s, 1));
    // One trailing newline, whatever the last block left.
    int end = w.out.length();
    while (end > 0 && w.out.charAt(end - 1) == '\n') {
      end--;
    }
    w.out.setLength(end);
    return w.out.append('\n').toString();
  }

  private void block(Block block, int depth) {
    if (block instanceof Section s) {
      int level = Math.min(depth + 1, 6);
      out.append("#".repeat(level)).append(' ').append(Markdown.text(s.heading())).append("\n\n");
      s.blocks().forEach(b -> block(b, level));
    } else if (block instanceof Paragraph p) {
      out.append(Markdown.lineStart(inlines(p.content()))).append("\n\n");
    } else if (block instanceof Notice n) {
      out.append("> **").append(inlines(n.content())).append("**\n\n");
    } else if (block instanceof Items items) {
      for (List<Inline> item : items.items()) {
        out.append("- ").append(Markdown.lineStart(inlines(item))).append('\n');
      }
      out.append('\n');
    } else if (block instanceof Facts facts) {
      for (Fact f : facts.facts()) {
        out.append("- **")
            .append(Markdown.text(f.label()))
            .append(":** ")
            .append(inlines(f.value()))
            .append('\n');
      }
      out.append('\n');
    } else if (block instanceof Table t) {
      table(t);
    }
  }

  private void table(Table t) {
    out.append('*').append(Markdown.text(t.caption())).append("*\n\n");
    out.append('|');
    for (String h : t.headers()) {
      out.append(' ').append(Markdown.text(h)).append(" |");
    }
    out.append("\n|");
    out.append(" --- |".repeat(t.headers().size()));
    out.append('\n');
    for (List<List<Inline>> row : t.rows()) {
      out.append('|');
      for (List<Inline> cell : row) {
        out.append(' ').append(inlines(cell)).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static String inlines(List<Inline> content) {
    StringBuilder s = new StringBuilder();
    for (Inline i : content) {
      if (i instanceof Text t) {
        s.append(Markdown.text(t.text()));
      } else if (i instanceof Strong st) {
        s.append("**").append(Markdown.text(st.text())).append("**");
      } else if (i instanceof Link l) {
        s.append('[')
            .append(Markdown.text(l.text()))
            .append("](")
            .append(Markdown.destination(l.href()))
            .append(')');
      } else if (i instanceof Date d) {
        s.append(Markdown.text(PlainWords.date(d.date())));
      }
    }
    return s.toString();
  }
}
