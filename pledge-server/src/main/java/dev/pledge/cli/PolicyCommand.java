package dev.pledge.cli;

import dev.pledge.policy.LoadResult;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDiff;
import dev.pledge.policy.PolicyLoader;
import dev.pledge.policy.PolicyProblem;
import dev.pledge.policy.PolicyRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pledge policy …}: check, render and diff policy files without starting a server. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Checks, renders and compares policy files.",
    subcommands = {PolicyCommand.Check.class, PolicyCommand.Render.class, PolicyCommand.Diff.class})
final class PolicyCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads a file, printing every problem; returns null when it is not valid. */
  static Policy loadOrReport(Path file, PrintWriter err) {
    LoadResult result = PolicyLoader.load(file);
    if (!result.ok()) {
      err.println(file + " is not a valid policy (" + result.problems().size() + " problems):");
      for (PolicyProblem p : result.problems()) {
        err.println("  " + p.format());
      }
      err.flush();
      return null;
    }
    return result.policy();
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Validates policy files and lists every problem with file:line:column.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files to check.")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int invalid = 0;
      for (Path file : files) {
        Policy policy = loadOrReport(file, err);
        if (policy == null) {
          invalid++;
          continue;
        }
        out.printf(
            "%s: ok — property '%s', %d data categories, %d purposes, %d processors%n",
            file,
            policy.property().id(),
            policy.categories().size(),
            policy.purposes().size(),
            policy.processors().size());
      }
      out.flush();
      return invalid == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = "Renders the published policy from a policy file.")
  static final class Render implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Option(
        names = {"-f", "--format"},
        defaultValue = "html",
        description =
            "html, md, json or art30 (the GDPR Art. 30 record); default ${DEFAULT-VALUE}.")
    RenderFormat format;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "OUT",
        description = "Write to this file instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
      Policy policy = loadOrReport(file, spec.commandLine().getErr());
      if (policy == null) {
        return 1;
      }
      String text = PolicyRenderer.render(policy, format.format);
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
      } else {
        Files.writeString(output, text, StandardCharsets.UTF_8);
      }
      return 0;
    }
  }

  /** The output formats, spelled as users type them. */
  enum RenderFormat {
    html(PolicyRenderer.Format.HTML),
    md(PolicyRenderer.Format.MARKDOWN),
    json(PolicyRenderer.Format.JSON),
    art30(PolicyRenderer.Format.ART30);

    final PolicyRenderer.Format format;

    RenderFormat(PolicyRenderer.Format format) {
      this.format = format;
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Lists what changed between two versions of a policy and flags material changes",
        "(new category or purpose, longer retention, new processor, new region)."
      })
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The older policy file.")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "The newer policy file.")
    Path newer;

    @Option(
        names = "--fail-on-material",
        description = "Exit 1 when a material change is found (for a CI gate).")
    boolean failOnMaterial;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Policy a = loadOrReport(older, err);
      Policy b = loadOrReport(newer, err);
      if (a == null || b == null) {
        return 1;
      }
      PolicyDiff diff = PolicyDiff.compare(a, b);
      PrintWriter out = spec.commandLine().getOut();
      out.println(diff.format());
      out.flush();
      return failOnMaterial && diff.hasMaterial() ? 1 : 0;
    }
  }
}
