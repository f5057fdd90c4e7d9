package dev.pledge.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

  /**
   * The commands, in the order the usage lists them. Picocli builds a command's model by reflection
   * when it is added; modelling all of them took a quarter of a second, most of a short {@code
   * pledge logs anonymise} run, so {@link #main} adds only the one being run.
   */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("serve", ServeCommand.class);
    COMMANDS.put("demo", DemoCommand.class);
    COMMANDS.put("policy", PolicyCommand.class);
    COMMANDS.put("logs", LogsCommand.class);
    COMMANDS.put("retention", RetentionCommand.class);
    COMMANDS.put("verify", VerifyCommand.class);
    COMMANDS.put("audit", AuditCommand.class);
    COMMANDS.put("backup", BackupCommand.class);
    COMMANDS.put("restore", RestoreCommand.class);
    COMMANDS.put("help", CommandLine.HelpCommand.class);
  }

  /** Builds the whole command line; tests execute it in-process. */
  public static CommandLine commandLine() {
    return commandLine(COMMANDS.keySet());
  }

  /**
   * The command line with only the command the arguments name, or every command when they name none
   * of them (usage, {@code help}, a mistyped name: those answers list or suggest every command).
   */
  static CommandLine commandLineFor(String... args) {
    String first = args.length == 0 ? "" : args[0];
    boolean known = COMMANDS.containsKey(first) && !"help".equals(first);
    return commandLine(known ? Set.of(first) : COMMANDS.keySet());
  }

  private static CommandLine commandLine(Set<String> names) {
    CommandLine cli = new CommandLine(new PledgeCli());
    COMMANDS.forEach(
        (name, command) -> {
          if (names.contains(name)) {
            cli.addSubcommand(name, command);
          }
        });
    return cli.setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    // `logs anonymise` is a stream filter, often run on short logs: it reads its plain arguments
    // without picocli's model (see QuickAnonymiseArguments); anything else goes to picocli.
    Integer quick = LogsAnonymiseCommand.runWithoutPicocli(args);
    int code = quick != null ? quick : commandLineFor(args).execute(args);
    System.exit(code);
  }
}
