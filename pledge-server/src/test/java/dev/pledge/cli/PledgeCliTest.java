package dev.pledge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The entry point models only the command being run, and every command when none is named. */
class PledgeCliTest {

  @Test
  @DisplayName("a named command is the only one modelled (picocli reflects on each it adds)")
  void onlyTheNamedCommand() {
    CommandLine cli = PledgeCli.commandLineFor("logs", "anonymise", "--help");
    assertThat(cli.getSubcommands()).containsOnlyKeys("logs");
    assertThat(cli.getSubcommands().get("logs").getSubcommands()).containsKey("anonymise");
  }

  @Test
  @DisplayName(
      "no command, help, or a mistyped one: every command, so usage and suggestions list all")
  void everyCommandOtherwise() {
    var all = PledgeCli.commandLine().getSubcommands().keySet();
    assertThat(all)
        .contains(
            "serve", "demo", "policy", "logs", "retention", "verify", "audit", "backup", "restore");
    assertThat(PledgeCli.commandLineFor().getSubcommands().keySet()).isEqualTo(all);
    assertThat(PledgeCli.commandLineFor("help", "logs").getSubcommands().keySet()).isEqualTo(all);
    assertThat(PledgeCli.commandLineFor("logz").getSubcommands().keySet()).isEqualTo(all);
  }

  @Test
  @DisplayName("a mistyped command still gets a suggestion and exit 2")
  void mistypedCommand() {
    StringWriter err = new StringWriter();
    CommandLine cli = PledgeCli.commandLineFor("logz");
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("logz")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("logs");
  }

  @Test
  @DisplayName(
      "help for one command from the smaller model reads as before: 'pledge logs anonymise'")
  void helpOfOneCommand() {
    StringWriter out = new StringWriter();
    CommandLine cli = PledgeCli.commandLineFor("logs", "anonymise", "--help");
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("logs", "anonymise", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: pledge logs anonymise");
  }
}
