package dev.pledge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pledge logs anonymise} reads its plain arguments without picocli's model; whatever it
 * reads must be what picocli reads, and whatever it is unsure of must go to picocli.
 */
class QuickAnonymiseArgumentsTest {
  /** What picocli's {@code @Option.defaultValue()} holds when none is given. */
  private static final String NO_DEFAULT = "__no_default_value__";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "access.log",
        "a.log - b.log.gz",
        "-q",
        "--quiet a.log",
        "a.log -o out.log.gz --threads 2",
        "--output out.log --append",
        "--format combined --strict --skip-private",
        "--format %h~%l~%u~%t~\"%r\"~%>s~%b",
        "--format '$remote_addr~[$time_local]'",
        "--column 1 --column 7 --delimiter ;",
        "--column 3 --delimiter \\t x.log",
        "--hash --key-file /tmp/k.key",
        "--mask --ipv4-mask 0 --ipv6-mask 128",
        "--ipv4-mask 16 --replace unknown",
        "--replace 0.0.0.0 --threads 1",
        "--threads 8 y.log z.log",
      })
  @DisplayName("A-06 every argument list the quick reader takes sets what picocli sets")
  void sameAsPicocli(String line) throws Exception {
    String[] args = split(line);
    LogsAnonymiseCommand quick = new LogsAnonymiseCommand();
    assertThat(QuickAnonymiseArguments.read(args, 0, quick)).isTrue();
    LogsAnonymiseCommand picocli = new LogsAnonymiseCommand();
    new CommandLine(picocli).parseArgs(args);
    assertThat(options(quick)).isEqualTo(options(picocli));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "-h",
        "--version",
        "-V",
        "--threads=2",
        "-qo out.log",
        "--quiet --quiet",
        "-q --quiet",
        "-o a -o b",
        "--output a --output b",
        "--format combined --format common",
        "--threads",
        "--threads -1",
        "--threads 0x2",
        "--threads 02",
        "--threads 1234567890",
        "--threads two",
        "--replace -",
        "--format --quiet",
        "@args.txt",
        "--format @x",
        "--unknown",
        "-x",
        "-- a.log",
        "a.log --",
      })
  @DisplayName("anything else is left to picocli: help, unusual forms, repeats, numbers it reads")
  void leftToPicocli(String line) {
    assertThat(QuickAnonymiseArguments.read(split(line), 0, new LogsAnonymiseCommand())).isFalse();
  }

  @Test
  @DisplayName("only 'logs anonymise' and its alias 'logs anonymize' take the quick way")
  void onlyThisCommand() {
    assertThat(QuickAnonymiseArguments.names(split("logs anonymise a.log"))).isTrue();
    assertThat(QuickAnonymiseArguments.names(split("logs anonymize"))).isTrue();
    assertThat(QuickAnonymiseArguments.names(split("logs"))).isFalse();
    assertThat(QuickAnonymiseArguments.names(split("logs --help anonymise"))).isFalse();
    assertThat(QuickAnonymiseArguments.names(split("policy check x.yaml"))).isFalse();
    assertThat(QuickAnonymiseArguments.names(split("--help logs anonymise"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "logs anonymise --mask --hash",
        "logs anonymise --threads 0",
        "logs anonymise --ipv4-mask 33",
        "logs anonymise --column 0",
        "logs anonymise --append",
        "logs anonymise /nonexistent/pledge-quick-test.log",
      })
  @DisplayName("a usage error found without picocli goes back to picocli, which reports it")
  void usageErrorsGoToPicocli(String line) {
    assertThat(LogsAnonymiseCommand.runWithoutPicocli(split(line))).isNull();
  }

  @Test
  @DisplayName(
      "defaults are the fields' initial values, so the quick reader and picocli share them")
  void noDefaultValueAttributes() {
    for (Field f : LogsAnonymiseCommand.class.getDeclaredFields()) {
      Option option = f.getAnnotation(Option.class);
      if (option != null) {
        assertThat(option.defaultValue()).as(f.getName()).isEqualTo(NO_DEFAULT);
      }
    }
  }

  /** Every @Option and @Parameters field of the command, by name. */
  private static Map<String, Object> options(LogsAnonymiseCommand c) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field f : LogsAnonymiseCommand.class.getDeclaredFields()) {
      if (f.isAnnotationPresent(Option.class) || f.isAnnotationPresent(Parameters.class)) {
        f.setAccessible(true);
        values.put(f.getName(), f.get(c));
      }
    }
    assertThat(values).hasSizeGreaterThan(15);
    return values;
  }

  /** Splits on spaces; '~' stands for a space inside an argument; quotes are kept. */
  private static String[] split(String line) {
    if (line.isEmpty()) {
      return new String[0];
    }
    String[] args = line.split(" ");
    for (int k = 0; k < args.length; k++) {
      args[k] = args[k].replace('~', ' ');
    }
    return args;
  }
}
