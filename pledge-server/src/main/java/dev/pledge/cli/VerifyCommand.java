package dev.pledge.cli;

import dev.pledge.server.compliance.ComplianceVerifier;
import dev.pledge.server.compliance.VerifyReport;
import dev.pledge.server.compliance.Violation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pledge verify}: where a live deployment breaks its own published policy. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = {
      "Inspects a deployment's live stores against its policies and lists every violation: data"
          + " older than its retention, data of a category the policy says is not collected, raw"
          + " IP or e-mail addresses in stores declared anonymised, tables holding data that no"
          + " retention store covers, rights requests past their deadline. Reads only.",
      "",
      "Exit codes: 0 the deployment keeps its policy, 1 violations found (or the database"
          + " failed), 2 wrong usage."
    },
    footer = {
      "",
      "Examples:",
      "  pledge verify                      # the local deployment (or the demo's)",
      "  pledge verify --data-dir /srv/pledge",
      "  PLEDGE_DATABASE_URL=jdbc:postgresql://db/pledge pledge verify"
    })
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DeploymentContext context = DeploymentContext.open(deployment)) {
      VerifyReport report = context.bean(ComplianceVerifier.class).verify();
      if (report.clean()) {
        out.println("No violations: " + context.description() + " keeps its policies.");
      } else {
        out.println(report.violations().size() + " violation(s) in " + context.description() + ":");
        for (Violation v : report.violations()) {
          out.println("  " + v.kind() + "  " + v.property() + "  " + v.where());
          out.println("      " + v.message());
        }
      }
      if (!report.notes().isEmpty()) {
        out.println();
        out.println("Notes:");
        report.notes().forEach(n -> out.println("  " + n));
      }
      return report.clean() ? 0 : 1;
    } catch (DeploymentContext.Unavailable e) {
      err.println("pledge verify: " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("pledge verify: " + ServerRunner.rootMessage(e));
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
