package dev.pledge.cli;

import dev.pledge.server.compliance.ComplianceVerifier;
import dev.pledge.server.compliance.VerifyReport;
import dev.pledge.server.compliance.Violation;
import dev.pledge.server.shared.HumanFormat;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      "Every store the running server registers is checked, or named with why it could not be"
          + " (a mail server that does not answer, a store whose settings this command was not"
          + " given).",
      "",
      "Exit codes: 0 the deployment keeps its policy, 1 violations found, a store could not be"
          + " checked, or the database failed, 2 wrong usage."
    },
    footer = {
      "",
      "Examples:",
      "  pledge verify                      # the local deployment (or the demo's)",
      "  pledge verify --data-dir /srv/pledge",
      "  PLEDGE_DATABASE_URL=jdbc:postgresql://db/pledge pledge verify",
      "  pledge verify --cookies http://localhost:8080/p/image-studio/"
          + " http://localhost:8080/p/reference-site/"
    })
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Option(
      names = "--cookies",
      arity = "1..*",
      paramLabel = "URL",
      description =
          "Instead of the stores: visit these pages in headless Chromium with no choice, all"
              + " refused, all accepted and Global Privacy Control on, and compare every cookie and"
              + " storage entry with the inventory their policy publishes (/privacy.json).")
  List<URI> cookiePages;

  @Option(
      names = "--chromium",
      paramLabel = "PATH",
      description = "The Chromium for --cookies (default /usr/bin/chromium).")
  Path chromium;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (cookiePages != null) {
      return CookieAuditOutput.run(cookiePages, chromium, out, err);
    }
    try (DeploymentContext context = DeploymentContext.open(deployment)) {
      return print(context.bean(ComplianceVerifier.class).verify(), context, out);
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

  /** Prints a verification as {@code pledge verify} does; 0 when clean and complete, else 1. */
  static int print(VerifyReport report, DeploymentContext context, PrintWriter out) {
    if (report.clean() && report.complete()) {
      out.println("No violations: " + context.description() + " keeps its policies.");
    } else if (report.clean()) {
      out.println(
          "No violations in the stores checked, but "
              + HumanFormat.plural(report.unchecked().size(), "store")
              + " of "
              + context.description()
              + " could not be checked (below).");
    } else {
      out.println(
          HumanFormat.plural(report.violations().size(), "violation")
              + " in "
              + context.description()
              + ":");
      for (Violation v : report.violations()) {
        out.println("  " + v.kind() + "  " + v.property() + "  " + v.where());
        out.println("      " + v.message());
      }
    }
    if (!report.unchecked().isEmpty()) {
      out.println();
      out.println("Not checked (" + report.unchecked().size() + "):");
      for (VerifyReport.UncheckedStore u : report.unchecked()) {
        out.println("  " + u.property() + "  " + u.store());
        out.println("      " + u.why());
      }
      context.notes().forEach(n -> out.println("  " + n));
    }
    out.println();
    out.println("Stores checked (" + report.checked().size() + "):");
    report.checked().forEach(c -> out.println("  " + c));
    if (!report.notes().isEmpty()) {
      out.println();
      out.println("Notes:");
      report.notes().forEach(n -> out.println("  " + n));
    }
    return report.clean() && report.complete() ? 0 : 1;
  }
}
