package dev.pledge.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the arguments of {@code pledge logs anonymise} without picocli. Picocli builds its model of
 * a command by reflection on every start; for this command that was 0.1 s of a 0.6 s run on a
 * million log lines, and the command is a stream filter that runs often. This reader takes only the
 * plain cases — each option by its exact name, once (except {@code --column}), its value as the
 * next argument and not starting with {@code -} or {@code @}, plain decimal numbers, file names —
 * and gives up on anything else ({@code --help}, {@code --opt=value}, clustered or unknown options,
 * argument files, {@code --}): then picocli reads the arguments as always, with its messages. A
 * usage error found once the options are read also goes back to picocli (see {@link
 * LogsAnonymiseCommand#runWithoutPicocli}), so every message and exit code stays picocli's.
 */
final class QuickAnonymiseArguments {
  private QuickAnonymiseArguments() {}

  /** True when {@code args} name {@code logs anonymise} (or its alias) first. */
  static boolean names(String[] args) {
    return args.length >= 2
        && args[0].equals("logs")
        && (args[1].equals("anonymise") || args[1].equals("anonymize"));
  }

  /**
   * Sets the command's options from {@code args[from…]}; false when picocli must read them (the
   * command may then be half set and is not to be used).
   */
  static boolean read(String[] args, int from, LogsAnonymiseCommand c) {
    if (picocliIsTuned()) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    int i = from;
    while (i < args.length) {
      String a = args[i++];
      if (a.startsWith("@")) {
        return false; // picocli reads @FILE as a file of arguments
      }
      if (a.equals("-") || !a.startsWith("-")) {
        c.inputs.add(a);
        continue;
      }
      String option = a.equals("-q") ? "--quiet" : a.equals("-o") ? "--output" : a;
      if (!option.equals("--column") && !seen.add(option)) {
        return false; // picocli refuses an option given twice
      }
      switch (option) {
        case "--append" -> c.append = true;
        case "--mask" -> c.mask = true;
        case "--hash" -> c.hash = true;
        case "--skip-private" -> c.skipPrivate = true;
        case "--strict" -> c.strict = true;
        case "--quiet" -> c.quiet = true;
        default -> {
          if (i == args.length || args[i].startsWith("-") || args[i].startsWith("@")) {
            return false;
          }
          String value = args[i++];
          if (!setValue(c, option, value)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean setValue(LogsAnonymiseCommand c, String option, String value) {
    switch (option) {
      case "--output" -> c.output = Path.of(value);
      case "--format" -> c.format = value;
      case "--delimiter" -> c.delimiter = value;
      case "--key-file" -> c.keyFile = Path.of(value);
      case "--replace" -> c.replace = value;
      case "--column", "--ipv4-mask", "--ipv6-mask", "--threads" -> {
        int n = plainNumber(value);
        if (n < 0) {
          return false;
        }
        switch (option) {
          case "--column" -> c.columns.add(n);
          case "--ipv4-mask" -> c.ipv4Bits = n;
          case "--ipv6-mask" -> c.ipv6Bits = n;
          default -> c.threads = n;
        }
      }
      default -> {
        return false; // unknown, --help, --version, --opt=value, -qo: picocli's to answer
      }
    }
    return true;
  }

  /**
   * {@code 0} or a decimal without a leading zero, up to nine digits; -1 for anything else, which
   * picocli may read otherwise (hex, octal, signs, overflow) or refuse with its own message.
   */
  private static int plainNumber(String s) {
    if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    int n = 0;
    for (int k = 0; k < s.length(); k++) {
      char d = s.charAt(k);
      if (d < '0' || d > '9') {
        return -1;
      }
      n = n * 10 + (d - '0');
    }
    return n;
  }

  /** Picocli's behaviour can be changed by system properties ({@code picocli.trimQuotes}, …). */
  private static boolean picocliIsTuned() {
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("picocli.")) {
        return true;
      }
    }
    return false;
  }
}
