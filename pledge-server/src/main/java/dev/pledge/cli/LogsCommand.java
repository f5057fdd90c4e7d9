package dev.pledge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pledge logs …}: access-log tools that need no server. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = "Works with web-server access logs without keeping visitors' addresses.",
    subcommands = {LogsAnonymiseCommand.class},
    footer = {
      "",
      "Example:",
      "  zcat access.log.gz | pledge logs anonymise > access.anon.log",
      "",
      "Run 'pledge logs anonymise --help' for everything it does."
    })
public final class LogsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: 'pledge logs' needs one, for example 'pledge logs anonymise access.log'");
  }

  /** Runs {@code logs} on its own, without the rest of the CLI (benchmarks use this). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LogsCommand()).execute(args));
  }
}
