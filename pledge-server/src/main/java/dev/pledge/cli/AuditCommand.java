package dev.pledge.cli;

import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.AuditVerification;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pledge audit …}: verify and export a deployment's tamper-evident audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = "Verifies and exports a deployment's tamper-evident audit trail.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class},
    footer = {
      "",
      "Examples:",
      "  pledge audit verify                        # the local deployment (or the demo's)",
      "  pledge audit verify --data-dir /srv/pledge",
      "  pledge audit export -o audit.zip           # for an auditor",
      "  pledge audit verify --public-key public-keys.json   # against keys the auditor kept"
    })
public final class AuditCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: 'pledge audit' needs one, for example 'pledge audit verify'");
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Walks the whole audit trail and its signed checkpoints and names the first entry that was"
            + " modified, deleted, inserted or reordered, a forged checkpoint, or a tail cut off"
            + " after a checkpoint.",
        "",
        "Exit codes: 0 intact, 1 tampered with (or the database failed), 2 wrong usage."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DeploymentOptions deployment = new DeploymentOptions();

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description =
            "Accept checkpoints only when signed by a key in FILE (public-keys.json from an"
                + " earlier export, or hex keys or fingerprints one a line): protects against"
                + " someone who can rewrite the database and register a key of their own."
                + " Repeatable.")
    List<Path> publicKeyFiles = new ArrayList<>();

    @Override
    public Integer call() {
      Set<String> pinned = readPinnedKeys(spec, publicKeyFiles);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (DeploymentContext context = DeploymentContext.open(deployment)) {
        AuditVerification result = context.bean(AuditTrail.class).verify(pinned);
        if (result.intact()) {
          out.println(result.summary());
        } else {
          err.println(result.summary());
        }
        return result.intact() ? 0 : 1;
      } catch (DeploymentContext.Unavailable e) {
        err.println("pledge audit verify: " + e.getMessage());
        return e.exitCode();
      } catch (RuntimeException e) {
        err.println("pledge audit verify: " + ServerRunner.rootMessage(e));
        return 1;
      } finally {
        out.flush();
        err.flush();
      }
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Writes the audit trail for an auditor as a ZIP: entries.jsonl and checkpoints.jsonl"
            + " (JSON Lines), public-keys.json, verification.txt (this command's check at export"
            + " time) and README.txt on how to verify it without Pledge.",
        "",
        "Exit codes: 0 written (even when the trail is broken: verification.txt says so),"
            + " 1 the database or the file failed, 2 wrong usage."
      })
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DeploymentOptions deployment = new DeploymentOptions();

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description =
            "The ZIP to write (default: pledge-audit-YYYYMMDD-HHMMSS.zip here). An existing"
                + " file is replaced only once the export succeeded.")
    Path output;

    @Override
    public Integer call() {
      Path file =
          output != null
              ? output
              : Path.of(
                  "pledge-audit-"
                      + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                      + ".zip");
      Path dir = file.toAbsolutePath().getParent();
      if (Files.isDirectory(file)) {
        throw new ParameterException(
            spec.commandLine(), "-o " + file + " is a directory: give a file name");
      }
      if (dir == null || !Files.isDirectory(dir)) {
        throw new ParameterException(
            spec.commandLine(), "-o " + file + ": the directory " + dir + " does not exist");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path partial = null;
      try (DeploymentContext context = DeploymentContext.open(deployment)) {
        partial = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        AuditVerification result;
        try (OutputStream zip = Files.newOutputStream(partial)) {
          result = context.bean(AuditTrail.class).export(zip);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        partial = null;
        out.println(
            "Wrote "
                + result.entries()
                + " entries and "
                + result.checkpoints()
                + " checkpoints to "
                + file);
        (result.intact() ? out : err).println(result.summary());
        return 0;
      } catch (DeploymentContext.Unavailable e) {
        err.println("pledge audit export: " + e.getMessage());
        return e.exitCode();
      } catch (IOException e) {
        err.println("pledge audit export: cannot write " + file + ": " + e.getMessage());
        return 1;
      } catch (RuntimeException e) {
        err.println("pledge audit export: " + ServerRunner.rootMessage(e));
        return 1;
      } finally {
        deleteQuietly(partial);
        out.flush();
        err.flush();
      }
    }

    private static void deleteQuietly(Path file) {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // Only a temporary file is left behind.
        }
      }
    }
  }

  private static final Pattern HEX64 = Pattern.compile("\\b[0-9a-fA-F]{64}\\b");

  /** Every 64-hex-digit value in the files: public keys or their fingerprints. */
  static Set<String> readPinnedKeys(CommandSpec spec, List<Path> files) {
    Set<String> keys = new LinkedHashSet<>();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ParameterException(
            spec.commandLine(), "--public-key " + file + " cannot be read: check the path");
      }
      Matcher m = HEX64.matcher(text);
      int before = keys.size();
      while (m.find()) {
        keys.add(m.group());
      }
      if (keys.size() == before) {
        throw new ParameterException(
            spec.commandLine(),
            "--public-key "
                + file
                + " holds no public key: give public-keys.json from 'pledge audit export', or"
                + " hex Ed25519 public keys (64 hex digits) one a line");
      }
    }
    return keys;
  }
}
