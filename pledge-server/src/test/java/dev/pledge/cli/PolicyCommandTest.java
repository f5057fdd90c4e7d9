package dev.pledge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The policy commands as a user runs them: exit codes, messages, outputs. */
class PolicyCommandTest {

  static final Path REFERENCE = Path.of("..", "policies", "reference-site.yaml");
  static final Path STUDIO = Path.of("..", "policies", "image-studio.yaml");

  record Run(int code, String out, String err) {}

  static Run pledge(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PledgeCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  @DisplayName("policy check: both shipped policies are valid (exit 0)")
  void shippedPoliciesCheck() {
    Run run = pledge("policy", "check", REFERENCE.toString(), STUDIO.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("property 'reference-site'").contains("property 'image-studio'");
  }

  @Test
  @DisplayName("policy check: a broken file exits 1 with file:line:column, field and a fix")
  void brokenPolicyExitsOne(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    String text =
        Files.readString(REFERENCE)
            .replaceFirst("period: P90D", "period: P90X")
            .replaceFirst("\\nsummary:", "\nsumary:");
    Files.writeString(broken, text);
    Run run = pledge("policy", "check", broken.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("broken\\.yaml:\\d+:\\d+: .*retention\\.period")
        .contains("P90X")
        .containsPattern("broken\\.yaml:\\d+:\\d+: .*sumary")
        .contains("did you mean 'summary'");
  }

  @Test
  @DisplayName("policy check: a missing file exits 1 and says so")
  void missingFile(@TempDir Path dir) {
    Run run = pledge("policy", "check", dir.resolve("nope.yaml").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("nope.yaml");
  }

  @Test
  @DisplayName("wrong usage exits 2")
  void usageErrorsExitTwo() {
    assertThat(pledge("policy", "check").code()).isEqualTo(2);
    assertThat(pledge("policy", "render", REFERENCE.toString(), "--format", "pdf").code())
        .isEqualTo(2);
    assertThat(pledge("no-such-command").code()).isEqualTo(2);
  }

  @Test
  @DisplayName("A-23 policy render: html, md, json and art30 from the same file")
  void rendersEveryFormat(@TempDir Path dir) throws Exception {
    Run html = pledge("policy", "render", REFERENCE.toString(), "--format", "html");
    assertThat(html.code()).isZero();
    assertThat(html.out()).startsWith("<!doctype html>").contains("Up to 90 days, then deleted");
    Run md = pledge("policy", "render", REFERENCE.toString(), "--format", "md");
    assertThat(md.out()).contains("| Data category |");
    Run json = pledge("policy", "render", STUDIO.toString(), "-f", "json");
    assertThat(json.out()).contains("\"image-studio\"");
    Path out = dir.resolve("art30.md");
    Run art30 = pledge("policy", "render", STUDIO.toString(), "-f", "art30", "-o", out.toString());
    assertThat(art30.code()).isZero();
    assertThat(Files.readString(out)).isNotBlank();
  }

  @Test
  @DisplayName(
      "B-25 B-31 policy render --format art30: the record lists every processor and transfer")
  void art30ListsEveryProcessor(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("art30.md");
    Run art30 =
        pledge("policy", "render", STUDIO.toString(), "--format", "art30", "-o", out.toString());
    assertThat(art30.code()).isZero();
    String record = Files.readString(out);
    dev.pledge.policy.Policy policy = dev.pledge.policy.PolicyLoader.load(STUDIO).policy();
    assertThat(policy.processors()).hasSize(6);
    for (dev.pledge.policy.Processor p : policy.processors()) {
      assertThat(record).as("the record names %s", p.name()).contains(p.name());
    }
    assertThat(record)
        .contains(policy.controller().name())
        .contains("Standard contractual clauses");
  }

  @Test
  @DisplayName("policy diff: a longer retention is flagged material; --fail-on-material exits 1")
  void diffFlagsMaterialChanges(@TempDir Path dir) throws Exception {
    Path newer = dir.resolve("newer.yaml");
    Files.writeString(
        newer, Files.readString(REFERENCE).replaceFirst("period: P90D", "period: P180D"));
    Run same = pledge("policy", "diff", REFERENCE.toString(), REFERENCE.toString());
    assertThat(same.code()).isZero();
    assertThat(same.out()).contains("no changes");
    Run diff = pledge("policy", "diff", REFERENCE.toString(), newer.toString());
    assertThat(diff.code()).isZero();
    assertThat(diff.out()).contains("MATERIAL");
    Run gate =
        pledge("policy", "diff", REFERENCE.toString(), newer.toString(), "--fail-on-material");
    assertThat(gate.code()).isEqualTo(1);
  }

  @Test
  @DisplayName("--help and --version answer")
  void helpAndVersion() {
    Run help = pledge("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("serve").contains("demo").contains("policy").contains("logs");
    assertThat(pledge("--version").out()).startsWith("pledge");
    assertThat(pledge("serve", "--help").out()).contains("--data-dir").contains("--policy");
  }
}
