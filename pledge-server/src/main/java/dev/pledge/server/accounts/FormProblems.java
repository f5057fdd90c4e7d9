package dev.pledge.server.accounts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is wrong with a submitted form, per field, as message keys with their arguments: the page
 * shows each next to its field, in the reader's language, and keeps what was typed (never a
 * password). Public for the templates, which call it.
 */
public final class FormProblems {

  /** One problem: a message key and its arguments. */
  public record Problem(String key, Object[] args) {}

  private final Map<String, Problem> byField = new LinkedHashMap<>();

  public FormProblems add(String field, String key, Object... args) {
    byField.putIfAbsent(field, new Problem(key, args));
    return this;
  }

  public boolean has(String field) {
    return byField.containsKey(field);
  }

  public Problem get(String field) {
    return byField.get(field);
  }

  public boolean isEmpty() {
    return byField.isEmpty();
  }

  public int size() {
    return byField.size();
  }

  public Iterable<Map.Entry<String, Problem>> all() {
    return byField.entrySet();
  }
}
