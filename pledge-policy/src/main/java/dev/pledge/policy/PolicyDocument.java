package dev.pledge.policy;

import java.time.LocalDate;
import java.util.List;

/**
 * The published policy as neutral blocks: headings, paragraphs, lists, tables. {@link
 * PolicyContent} decides what the policy says once; the HTML and Markdown writers only decide how
 * it looks, so the two published forms cannot say different things or say them in another order.
 *
 * @param title the page title
 * @param header what stands above the first section: the material-change notice, the dates, the
 *     summary
 * @param sections the sections, in published order
 */
record PolicyDocument(String title, List<Block> header, List<Section> sections) {

  PolicyDocument {
    header = List.copyOf(header);
    sections = List.copyOf(sections);
  }

  /** A run of text inside a block. */
  sealed interface Inline {}

  /** Plain text; writers escape it. */
  record Text(String text) implements Inline {}

  /** A link; {@code href} is a mailto:, tel:, https: address or a path on the property. */
  record Link(String href, String text) implements Inline {}

  /** A date, shown in words and machine-readable where the format allows it. */
  record Date(LocalDate date) implements Inline {}

  /** A few words that carry the weight of the sentence. */
  record Strong(String text) implements Inline {}

  /** A block of content. */
  sealed interface Block {}

  record Paragraph(List<Inline> content) implements Block {
    Paragraph {
      content = List.copyOf(content);
    }
  }

  /** A bulleted list; each item is a run of inlines. */
  record Items(List<List<Inline>> items) implements Block {
    Items {
      items = items.stream().map(List::copyOf).toList();
    }
  }

  /** Label–value pairs (a description list in HTML). */
  record Facts(List<Fact> facts) implements Block {
    Facts {
      facts = List.copyOf(facts);
    }
  }

  record Fact(String label, List<Inline> value) {
    Fact {
      value = List.copyOf(value);
    }
  }

  /**
   * A data table whose first column names the row.
   *
   * @param caption what the table shows, read out by screen readers before the rows
   * @param headers column headers
   * @param rows one list of cells per row, each cell a run of inlines
   */
  record Table(String caption, List<String> headers, List<List<List<Inline>>> rows)
      implements Block {
    Table {
      headers = List.copyOf(headers);
      rows = rows.stream().map(r -> r.stream().map(List::copyOf).toList()).toList();
    }
  }

  /** A clearly marked box: the material-change announcement. */
  record Notice(List<Inline> content) implements Block {
    Notice {
      content = List.copyOf(content);
    }
  }

  /**
   * A titled section; sections nest (a section inside a section is one heading level deeper).
   *
   * @param id a stable anchor, unique within the document
   */
  record Section(String id, String heading, List<Block> blocks) implements Block {
    Section {
      blocks = List.copyOf(blocks);
    }
  }
}
