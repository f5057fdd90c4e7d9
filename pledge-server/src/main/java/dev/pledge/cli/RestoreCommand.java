package dev.pledge.cli;

import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.AuditVerification;
import dev.pledge.server.backup.Restores;
import dev.pledge.server.compliance.ComplianceVerifier;
import dev.pledge.server.shared.HumanFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pledge restore --from DIR}: a backup back in place, without anyone erased since. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = {
      "Restores a backup written by 'pledge backup': checks every file against the manifest,"
          + " refuses a backup made by a newer Pledge or of another installation (another master"
          + " key) before changing anything, loads the database (refused when it holds rows,"
          + " unless --force), puts the keys and blobs (or S3 objects) back, then erases again"
          + " everyone the live erasure ledger"
          + " ({data-dir}/keys/erasure-ledger) records as erased after the backup was made, and"
          + " runs 'pledge verify' and the audit trail's verification. Stop the server first.",
      "",
      "Exit codes: 0 restored and verified clean, 1 refused, failed or not clean, 2 wrong usage."
    },
    footer = {"", "Example:", "  pledge restore --from /srv/backups/pledge-2026-12-06"})
public final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Option(
      names = "--from",
      required = true,
      paramLabel = "DIR",
      description = "The backup's directory (the one holding manifest.json).")
  Path from;

  @Option(
      names = "--force",
      description = "Replace a database that holds rows: everything in it is dropped first.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DeploymentContext context =
        DeploymentContext.open(
            deployment,
            ServerRunner.shippedPolicies(),
            // The restore migrates the schema itself, first to the backup's version.
            Map.of("spring.flyway.enabled", "false"),
            true)) {
      Restores.Outcome done = context.bean(Restores.class).restore(from, force);
      out.println("Restored " + from.toAbsolutePath() + " into " + context.description());
      out.println("  backup made at   " + HumanFormat.moment(done.manifest().createdAt()));
      out.println(
          "  erased again     "
              + HumanFormat.plural(done.erasuresReapplied(), "erasure")
              + " recorded since then in the erasure ledger ("
              + HumanFormat.plural(done.identifiersErased(), "identifier")
              + " found and erased, "
              + HumanFormat.plural(done.keysDestroyed(), "personal key")
              + " destroyed, "
              + HumanFormat.plural(done.blobsDeleted(), "blob")
              + " deleted by reference)");
      done.unsearched().forEach(u -> out.println("  not searched     " + u));
      AuditVerification audit = context.bean(AuditTrail.class).verify();
      out.println("  audit trail      " + audit.summary());
      out.println();
      int verify =
          VerifyCommand.print(context.bean(ComplianceVerifier.class).verify(), context, out);
      return audit.intact() && verify == 0 && done.unsearched().isEmpty() ? 0 : 1;
    } catch (DeploymentContext.Unavailable e) {
      err.println("pledge restore: " + e.getMessage());
      return e.exitCode();
    } catch (Restores.Refused e) {
      err.println("pledge restore: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("pledge restore: " + ServerRunner.rootMessage(e));
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
