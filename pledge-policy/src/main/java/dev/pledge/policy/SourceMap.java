package dev.pledge.policy;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Remembers where every value read from a file came from, so that checks made later on the built
 * records (an undeclared purpose, a duplicate id) still point at a line and column.
 */
final class SourceMap {

  private final Map<String, Position> positions = new HashMap<>();
  // Records are values: two equal categories are still two places in the file, so look up by
  // identity.
  private final Map<Object, String> recordPaths = new IdentityHashMap<>();
  private final Map<String, Map<String, String>> itemPaths = new HashMap<>();

  void record(String path, Node node) {
    positions.putIfAbsent(path, Position.of(node));
  }

  /** Notes that {@code value} was built from the node at {@code path}; returns the value. */
  <T> T remember(T value, String path) {
    recordPaths.put(value, path);
    return value;
  }

  /** The path a record was read from; the top level when it was not read from the file. */
  String pathOf(Object value) {
    return recordPaths.getOrDefault(value, "");
  }

  /** Notes that the text {@code value} appears in the list at {@code listPath} at {@code path}. */
  void recordItem(String listPath, String value, String path) {
    itemPaths.computeIfAbsent(listPath, k -> new HashMap<>()).putIfAbsent(value, path);
  }

  /** The path of the first item equal to {@code value} in a list of texts, else the list itself. */
  String itemPath(String listPath, String value) {
    return itemPaths.getOrDefault(listPath, Map.of()).getOrDefault(value, listPath);
  }

  /**
   * The position of {@code path}, or of its nearest enclosing value when the path itself is not in
   * the file (a missing key is reported where it should have been written).
   */
  Position at(String path) {
    String p = path;
    while (true) {
      Position found = positions.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return Position.START;
      }
      p = p.substring(0, Math.max(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))));
    }
  }
}
