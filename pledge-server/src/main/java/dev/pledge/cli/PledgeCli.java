package dev.pledge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code pledge} command line. Commands that need no server (policy, logs) never
 * start Spring, so they answer as fast as the JVM starts.
 */
@Command(
    name = "pledge",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = "Pledge makes a privacy policy true: it enforces a policy file and publishes it.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      PolicyCommand.class,
      LogsCommand.class,
      RetentionCommand.class,
      VerifyCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 invalid input or policy violations found, 2 wrong usage.",
      "Run 'pledge help COMMAND' for a command's options."
    })
public final class PledgeCli implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line; tests execute it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new PledgeCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
