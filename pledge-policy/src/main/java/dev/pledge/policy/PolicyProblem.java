package dev.pledge.policy;

/**
 * One thing wrong with a policy file, located precisely enough for an editor to jump to it.
 *
 * @param source the file name or other label the text came from
 * @param line 1-based line, or 0 when the problem concerns the whole file (it could not be read)
 * @param column 1-based column, or 0 together with line 0
 * @param field the dotted, indexed path of the field ({@code categories[2].retention.period}), or
 *     empty when the problem is not about one field (a YAML syntax error)
 * @param message what is wrong, without a trailing full stop
 * @param example what a correct value looks like, as a YAML snippet, or {@code null}
 */
public record PolicyProblem(
    String source, int line, int column, String field, String message, String example) {

  /**
   * The problem as one line in the conventional {@code file:line:column: } form that editors and CI
   * logs turn into links, for example {@code reference-site.yaml:12:5:
   * categories[2].retention.period: 'P90X' is not an ISO-8601 duration. Example: period: P90D}.
   */
  public String format() {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line).append(':').append(column);
    }
    text.append(": ");
    if (field != null && !field.isEmpty()) {
      text.append(field).append(": ");
    }
    text.append(message);
    if (example != null) {
      // A message may end in a question ("did you mean 'delete'?"); do not follow it with a stop.
      text.append(message.endsWith("?") ? " " : ". ").append("Example: ").append(example);
    }
    return text.toString();
  }
}
