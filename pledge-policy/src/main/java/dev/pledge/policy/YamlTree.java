package dev.pledge.policy;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns policy text into a SnakeYAML node tree. Nodes, unlike constructed maps, keep their start
 * marks, which is what lets every later problem carry a line and column; YAML syntax errors become
 * a single positioned problem.
 */
final class YamlTree {

  private YamlTree() {}

  /** The document's root node, or {@code null} after reporting why there is none. */
  static Node compose(String text, ProblemList problems) {
    LoaderOptions options = new LoaderOptions();
    // Aliases are legitimate for repeated values, but an alias bomb must stay a problem, not a
    // hang.
    options.setMaxAliasesForCollections(50);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      problems.add(positionOf(e), "", describe(e), hintFor(e.getProblem()));
      return null;
    } catch (YAMLException e) {
      String fix =
          e.getMessage() != null && e.getMessage().contains("aliases")
              ? "; write the repeated lists and mappings out, using at most 50 aliases (*name)"
              : "";
      problems.add(Position.START, "", "the file is not valid YAML: " + e.getMessage() + fix, null);
      return null;
    }
    if (root == null
        || (root instanceof ScalarNode scalar
            && scalar.getTag().equals(Tag.NULL)
            && scalar.getValue().isBlank())) {
      problems.add(
          Position.START,
          "",
          "the file is empty; a policy file starts with the language version",
          "pledge: 1");
      return null;
    }
    return root;
  }

  private static Position positionOf(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    return Position.of(mark);
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
    if (e.getContext() == null) {
      return "YAML syntax error: " + problem;
    }
    String where =
        e.getContextMark() == null ? "" : " at line " + (e.getContextMark().getLine() + 1);
    return "YAML syntax error: " + problem + " (" + e.getContext() + where + ")";
  }

  /** A correct snippet for the syntax slips people make most often in hand-written YAML. */
  private static String hintFor(String problem) {
    if (problem == null) {
      return null;
    }
    if (problem.contains("\\t") || problem.contains("tab")) {
      return "indent with spaces, never tabs";
    }
    if (problem.contains("mapping values are not allowed")) {
      return "summary: \"Quote a value that itself contains ': ' like this\"";
    }
    if (problem.contains("could not find expected ':'")) {
      return "title: Every key is followed by a colon and a space";
    }
    return null;
  }
}
