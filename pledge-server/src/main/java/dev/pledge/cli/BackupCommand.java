package dev.pledge.cli;

import dev.pledge.server.backup.BackupManifest;
import dev.pledge.server.backup.Backups;
import dev.pledge.server.shared.HumanFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pledge backup --to DIR}: a consistent copy of the database, the keys and the blobs. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = {
      "Copies a deployment into a new directory: the database as one consistent snapshot (every"
          + " table in COPY format, the schema version, the sequences), the keys directory and the"
          + " blobs (the local blob store's files, or, with an S3 bucket, every object the"
          + " snapshot names, as stored: ciphertext), then manifest.json with the time, row"
          + " counts and the SHA-256 of"
          + " every file. Every file is owner-only (0600). The erasure ledger is not copied:"
          + " 'pledge restore' reads the live one. A running server keeps running.",
      "",
      "Exit codes: 0 written, 1 the database or a file failed, 2 wrong usage."
    },
    footer = {"", "Example:", "  pledge backup --to /srv/backups/pledge-2026-12-06"})
public final class BackupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR",
      description = "A new or empty directory, outside the data directory.")
  Path to;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DeploymentContext context = DeploymentContext.open(deployment)) {
      BackupManifest m = context.bean(Backups.class).write(to);
      long rows = m.tables().values().stream().mapToLong(Long::longValue).sum();
      out.println("Backup of " + context.description() + " written to " + to.toAbsolutePath());
      out.println("  snapshot at      " + HumanFormat.moment(m.createdAt()));
      out.println("  schema version   " + m.flywayVersion());
      out.println(
          "  database         "
              + HumanFormat.plural(m.tables().size(), "table")
              + ", "
              + HumanFormat.plural(rows, "row"));
      out.println(
          "  keys             "
              + HumanFormat.plural(
                  m.files().keySet().stream().filter(f -> f.startsWith("keys/")).count(), "file"));
      out.println(
          "  blobs            "
              + HumanFormat.plural(
                  m.files().keySet().stream().filter(f -> f.startsWith("blobs/")).count(), "file")
              + " ("
              + m.blobs()
              + ")");
      out.println("  manifest         " + to.resolve(BackupManifest.FILE_NAME));
      return 0;
    } catch (DeploymentContext.Unavailable e) {
      err.println("pledge backup: " + e.getMessage());
      return e.exitCode();
    } catch (IllegalArgumentException e) {
      err.println("pledge backup: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("pledge backup: " + ServerRunner.rootMessage(e));
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
