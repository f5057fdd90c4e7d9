package dev.pledge.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a policy file and validates it. Every problem in the file is reported at once, each with
 * its line, column, field path and an example of a correct value; the policy is returned only when
 * there is none. Bad input never throws: an unreadable file is a problem like any other.
 *
 * <p>The language is documented in {@code docs/policy-language.md}.
 */
public final class PolicyLoader {

  /**
   * The largest policy text checked, in characters (and file size, in bytes). The shipped policies
   * are 10 and 30 KB; YAML scanning grows faster than the text (measured on one long value: 1 MB
   * took 1.8 s, 4 MB 33 s, 30 MB over two minutes), so a wrong file must not be read at all.
   */
  static final int MAX_SIZE = 1024 * 1024;

  private PolicyLoader() {}

  /** Reads and validates the policy file at {@code file}, reported under its path as given. */
  public static LoadResult load(Path file) {
    String source = file.toString();
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_SIZE) {
        return unreadable(source, tooLarge(size + " bytes"));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return unreadable(source, "no such file");
    } catch (CharacterCodingException e) {
      return unreadable(source, "the file is not UTF-8 text");
    } catch (IOException e) {
      return unreadable(source, "cannot read the file: " + e.getMessage());
    }
    return parse(text, source);
  }

  /**
   * Validates policy text.
   *
   * @param yamlText the policy in YAML
   * @param sourceName the name problems are reported under, usually the file name
   */
  public static LoadResult parse(String yamlText, String sourceName) {
    ProblemList problems = new ProblemList(sourceName);
    if (yamlText != null && yamlText.length() > MAX_SIZE) {
      problems.add(Position.START, "", tooLarge(yamlText.length() + " characters"), null);
      return new LoadResult(null, problems.sorted());
    }
    Policy policy = null;
    try {
      Node root = YamlTree.compose(yamlText == null ? "" : yamlText, problems);
      if (root != null) {
        SourceMap sources = new SourceMap();
        policy = new PolicyReader(new NodeReader(problems, sources)).read(root);
        if (policy != null) {
          new PolicyValidator(policy, sources, problems).check();
        }
      }
    } catch (RuntimeException e) {
      // The contract is "never throw on bad input": a defect in a check must still end as a
      // reported problem, so the CLI prints a file:line message instead of a stack trace.
      problems.add(
          Position.START,
          "",
          "internal error while checking this file ("
              + e
              + "); please report it together with the file",
          null);
    }
    List<PolicyProblem> sorted = problems.sorted();
    return new LoadResult(sorted.isEmpty() ? policy : null, sorted);
  }

  private static String tooLarge(String size) {
    return "the file is too large to be a policy ("
        + size
        + "; at most "
        + MAX_SIZE
        + "): check that this is the policy file, and keep long texts out of it";
  }

  private static LoadResult unreadable(String source, String why) {
    return new LoadResult(null, List.of(new PolicyProblem(source, 0, 0, "", why, null)));
  }
}
