package dev.pledge.policy;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Converts YAML nodes into Java values. A value that cannot be converted is reported with its
 * position, field path and a correct example, and comes back as {@code null} so that reading goes
 * on and every other problem in the file is found in the same pass.
 */
final class NodeReader {

  /** One entry of a list, with the path it is reported under ({@code categories[2]}). */
  record Item(Node node, String path) {}

  /** One key of a mapping. */
  record Entry(String key, Node keyNode, Node value) {}

  private final ProblemList problems;
  private final SourceMap sources;

  NodeReader(ProblemList problems, SourceMap sources) {
    this.problems = problems;
    this.sources = sources;
  }

  SourceMap sources() {
    return sources;
  }

  void report(Node at, String path, String message, String example) {
    problems.add(Position.of(at), path, message, example);
  }

  void report(Position at, String path, String message, String example) {
    problems.add(at, path, message, example);
  }

  /** True for a missing value: no node, or an empty or {@code ~} scalar. */
  static boolean isAbsent(Node node) {
    return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
  }

  /**
   * Opens a mapping whose keys must come from {@code keys}; unknown and repeated keys are reported
   * here, once, whether or not the caller asks for them later.
   */
  MappingReader mapping(Node node, String path, String example, List<String> keys) {
    List<Entry> entries = entries(node, path, example);
    if (entries == null) {
      return null;
    }
    Map<String, Entry> known = new LinkedHashMap<>();
    for (Entry entry : entries) {
      if (keys.contains(entry.key())) {
        known.put(entry.key(), entry);
      } else {
        report(
            entry.keyNode(),
            join(path, entry.key()),
            "unknown key '"
                + entry.key()
                + "'"
                + KeySuggester.hint(entry.key(), keys, "known keys"),
            null);
      }
    }
    return new MappingReader(this, (MappingNode) node, path, keys, known);
  }

  /**
   * The entries of a mapping, in file order, or {@code null} when the node is no mapping. Keys that
   * are not plain words and keys written twice are reported and left out; the first occurrence
   * wins, as it is the one a reader of the file sees first.
   */
  List<Entry> entries(Node node, String path, String example) {
    sources.record(path, node);
    if (!(node instanceof MappingNode)) {
      wrongType(node, path, "a mapping of keys to values", example);
      return null;
    }
    List<Entry> result = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        report(keyNode, path, "a key must be a plain word, found " + describe(keyNode), null);
        continue;
      }
      String key = scalarKey.getValue();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        report(
            keyNode,
            join(path, key),
            "merge keys ('<<') are not supported; write the keys out, or put an anchor on the"
                + " whole value and reuse it with an alias",
            "retention: *account-retention");
        continue;
      }
      Node earlier = seen.putIfAbsent(key, keyNode);
      if (earlier != null) {
        report(
            keyNode,
            join(path, key),
            "duplicate key '"
                + key
                + "'; it is already set at line "
                + Position.of(earlier).line()
                + ", and YAML would silently keep only one of the two",
            null);
        continue;
      }
      result.add(new Entry(key, keyNode, tuple.getValueNode()));
    }
    return result;
  }

  /** The entries of a list, each with its indexed path; {@code null} when the node is no list. */
  List<Item> sequence(Node node, String path, String example) {
    sources.record(path, node);
    if (!(node instanceof SequenceNode sequence)) {
      wrongType(node, path, "a list", example);
      return null;
    }
    List<Item> items = new ArrayList<>();
    List<Node> values = sequence.getValue();
    for (int i = 0; i < values.size(); i++) {
      String itemPath = path + "[" + i + "]";
      sources.record(itemPath, values.get(i));
      items.add(new Item(values.get(i), itemPath));
    }
    return items;
  }

  /** Text, stripped of the trailing newline that block scalars carry. */
  String text(Node node, String path, String example) {
    sources.record(path, node);
    if (!(node instanceof ScalarNode scalar) || isAbsent(node)) {
      wrongType(node, path, "text", example);
      return null;
    }
    return scalar.getValue().strip();
  }

  Boolean flag(Node node, String path, String example) {
    sources.record(path, node);
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
      return switch (scalar.getValue().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        default -> false;
      };
    }
    wrongType(node, path, "true or false", example);
    return null;
  }

  Integer whole(Node node, String path, String example) {
    sources.record(path, node);
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
      try {
        return Integer.valueOf(scalar.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        // Octal, hexadecimal and out-of-range numbers are valid YAML but not a sensible age or
        // version; fall through to the ordinary message.
      }
    }
    wrongType(node, path, "a whole number", example);
    return null;
  }

  LocalDate date(Node node, String path, String example) {
    String text = scalarText(node, path, "a date (YYYY-MM-DD)", example);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      report(node, path, "'" + text + "' is not a date in the form YYYY-MM-DD", example);
      return null;
    }
  }

  PolicyDuration duration(Node node, String path, String example) {
    String text = scalarText(node, path, "an ISO-8601 duration", example);
    if (text == null) {
      return null;
    }
    PolicyDuration duration = PolicyDuration.parseOrNull(text);
    if (duration == null) {
      report(node, path, "'" + text + "' is not an ISO-8601 duration", example);
    }
    return duration;
  }

  /** One of a fixed set of spellings, such as an enum's {@code key()} values. */
  <E extends Enum<E>> E choice(
      Node node, String path, E[] values, Function<E, String> spelling, String example) {
    String text = scalarText(node, path, "one of " + spellings(values, spelling), example);
    if (text == null) {
      return null;
    }
    for (E value : values) {
      if (spelling.apply(value).equals(text)) {
        return value;
      }
    }
    reportNotOneOf(node, path, text, Arrays.stream(values).map(spelling).toList(), example);
    return null;
  }

  void reportNotOneOf(Node node, String path, String text, List<String> allowed, String example) {
    String suggestion =
        KeySuggester.closest(text, allowed).map(k -> "; did you mean '" + k + "'?").orElse("");
    report(
        node,
        path,
        "'" + text + "' is not one of: " + String.join(", ", allowed) + suggestion,
        example);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String scalarText(Node node, String path, String expected, String example) {
    sources.record(path, node);
    if (!(node instanceof ScalarNode scalar) || isAbsent(node)) {
      wrongType(node, path, expected, example);
      return null;
    }
    return scalar.getValue().strip();
  }

  private void wrongType(Node node, String path, String expected, String example) {
    report(node, path, "expected " + expected + ", found " + describe(node), example);
  }

  private static <E extends Enum<E>> String spellings(E[] values, Function<E, String> spelling) {
    return String.join(", ", Arrays.stream(values).map(spelling).toList());
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isAbsent(node)) {
      return "nothing";
    }
    ScalarNode scalar = (ScalarNode) node;
    // "false" or "1" in quotes is text to YAML; say so, or the message looks self-contradictory.
    boolean quoted =
        scalar.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED
            || scalar.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
    return (quoted ? "the quoted text '" : "'") + scalar.getValue() + "'";
  }
}
