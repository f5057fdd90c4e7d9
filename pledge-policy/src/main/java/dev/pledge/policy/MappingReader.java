package dev.pledge.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the keys of one YAML mapping. Optional keys come back as {@code null} (or a default) when
 * absent; required keys are reported where they should have been. Every example passed in is a YAML
 * snippet shown to the person next to a problem with that key.
 */
final class MappingReader {

  private final NodeReader nodes;
  private final MappingNode node;
  private final String path;
  private final List<String> keys;
  private final Map<String, NodeReader.Entry> entries;

  MappingReader(
      NodeReader nodes,
      MappingNode node,
      String path,
      List<String> keys,
      Map<String, NodeReader.Entry> entries) {
    this.nodes = nodes;
    this.node = node;
    this.path = path;
    this.keys = keys;
    this.entries = entries;
  }

  String path() {
    return path;
  }

  String fieldPath(String key) {
    return NodeReader.join(path, key);
  }

  /** True when the key is written with a value. */
  boolean has(String key) {
    return value(key) != null;
  }

  /** The key's value node, or {@code null} when absent or empty. */
  Node value(String key) {
    if (!keys.contains(key)) {
      throw new IllegalArgumentException("'" + key + "' is not a declared key of " + path);
    }
    NodeReader.Entry entry = entries.get(key);
    return entry == null || NodeReader.isAbsent(entry.value()) ? null : entry.value();
  }

  /** Reports a required key that is missing, at the key if it is written empty, else here. */
  void reportMissing(String key, String why, String example) {
    NodeReader.Entry entry = entries.get(key);
    if (entry != null) {
      nodes.report(entry.keyNode(), fieldPath(key), "'" + key + "' has no value" + why, example);
    } else {
      nodes.report(node, fieldPath(key), "missing required key '" + key + "'" + why, example);
    }
  }

  void reportMissing(String key, String example) {
    reportMissing(key, "", example);
  }

  String text(String key, String example) {
    Node v = value(key);
    if (v == null) {
      return null;
    }
    String text = nodes.text(v, fieldPath(key), example);
    return text == null || text.isEmpty() ? null : text;
  }

  String requiredText(String key, String example) {
    return requiredText(key, "", example);
  }

  String requiredText(String key, String why, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, why, example);
      return null;
    }
    String text = nodes.text(v, fieldPath(key), example);
    if (text != null && text.isEmpty()) {
      nodes.report(v, fieldPath(key), "'" + key + "' is empty", example);
      return null;
    }
    return text;
  }

  /** A list of texts; empty when absent. Each entry's position is kept for later checks. */
  List<String> texts(String key, String example) {
    Node v = value(key);
    return v == null ? List.of() : textsOf(v, key, example);
  }

  /** A list of texts that must be present and hold at least one entry. */
  List<String> requiredTexts(String key, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, example);
      return List.of();
    }
    List<String> texts = textsOf(v, key, example);
    if (texts.isEmpty() && v instanceof SequenceNode) {
      nodes.report(v, fieldPath(key), "'" + key + "' needs at least one entry", example);
    }
    return texts;
  }

  /** A list of texts each of which must be one of {@code allowed}. */
  List<String> textsFrom(String key, List<String> allowed, String example) {
    Node v = value(key);
    if (v == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    List<NodeReader.Item> items = nodes.sequence(v, fieldPath(key), example);
    for (NodeReader.Item item : items == null ? List.<NodeReader.Item>of() : items) {
      String text = nodes.text(item.node(), item.path(), example);
      if (text == null) {
        continue;
      }
      if (allowed.contains(text)) {
        result.add(text);
      } else {
        nodes.reportNotOneOf(item.node(), item.path(), text, allowed, example);
      }
    }
    return result;
  }

  boolean flag(String key, boolean absent, String example) {
    Node v = value(key);
    if (v == null) {
      return absent;
    }
    Boolean flag = nodes.flag(v, fieldPath(key), example);
    return flag == null ? absent : flag;
  }

  /**
   * A flag that must be written out, because either default would be a promise nobody made (for
   * example {@code sells-data}).
   */
  boolean requiredFlag(String key, String why, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, why, example);
      return false;
    }
    Boolean flag = nodes.flag(v, fieldPath(key), example);
    return flag != null && flag;
  }

  Integer whole(String key, String example) {
    Node v = value(key);
    return v == null ? null : nodes.whole(v, fieldPath(key), example);
  }

  Integer requiredWhole(String key, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, example);
      return null;
    }
    return nodes.whole(v, fieldPath(key), example);
  }

  LocalDate requiredDate(String key, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, example);
      return null;
    }
    return nodes.date(v, fieldPath(key), example);
  }

  PolicyDuration duration(String key, String example) {
    Node v = value(key);
    return v == null ? null : nodes.duration(v, fieldPath(key), example);
  }

  PolicyDuration requiredDuration(String key, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, example);
      return null;
    }
    return nodes.duration(v, fieldPath(key), example);
  }

  <E extends Enum<E>> E choice(
      String key, E[] values, Function<E, String> spelling, E absent, String example) {
    Node v = value(key);
    if (v == null) {
      return absent;
    }
    return nodes.choice(v, fieldPath(key), values, spelling, example);
  }

  <E extends Enum<E>> E requiredChoice(
      String key, E[] values, Function<E, String> spelling, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, example);
      return null;
    }
    return nodes.choice(v, fieldPath(key), values, spelling, example);
  }

  MappingReader mapping(String key, String example, List<String> nestedKeys) {
    Node v = value(key);
    return v == null ? null : nodes.mapping(v, fieldPath(key), example, nestedKeys);
  }

  MappingReader requiredMapping(String key, String example, List<String> nestedKeys) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, example);
      return null;
    }
    return nodes.mapping(v, fieldPath(key), example, nestedKeys);
  }

  /** The entries of a list; empty when absent or not a list (reported). */
  List<NodeReader.Item> list(String key, String example) {
    Node v = value(key);
    if (v == null) {
      return List.of();
    }
    List<NodeReader.Item> items = nodes.sequence(v, fieldPath(key), example);
    return items == null ? List.of() : items;
  }

  /** A list that must be written, possibly empty ({@code cookies: []} is a statement). */
  List<NodeReader.Item> requiredList(String key, String why, String example) {
    Node v = value(key);
    if (v == null) {
      reportMissing(key, why, example);
      return List.of();
    }
    List<NodeReader.Item> items = nodes.sequence(v, fieldPath(key), example);
    return items == null ? List.of() : items;
  }

  private List<String> textsOf(Node v, String key, String example) {
    String listPath = fieldPath(key);
    List<NodeReader.Item> items = nodes.sequence(v, listPath, example);
    if (items == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (NodeReader.Item item : items) {
      String text = nodes.text(item.node(), item.path(), example);
      if (text == null) {
        continue;
      }
      if (text.isEmpty()) {
        nodes.report(item.node(), item.path(), "empty entry", example);
        continue;
      }
      nodes.sources().recordItem(listPath, text, item.path());
      result.add(text);
    }
    return result;
  }
}
