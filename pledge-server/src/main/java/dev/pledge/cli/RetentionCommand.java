package dev.pledge.cli;

import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionGap;
import dev.pledge.server.retention.RetentionPlanEntry;
import dev.pledge.server.retention.SweepReport;
import dev.pledge.server.retention.SweepResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pledge retention plan|run}: what the policy's retention rules expire, and expiring it. */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    description = "Shows and runs the retention the policies promise, on a deployment's database.",
    subcommands = {RetentionCommand.Plan.class, RetentionCommand.Run.class},
    footer = {
      "",
      "Examples:",
      "  pledge retention plan                      # the local deployment (or the demo's)",
      "  pledge retention run --data-dir /srv/pledge"
    })
public final class RetentionCommand implements Runnable {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: 'pledge retention' needs one, for example 'pledge retention plan'");
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = {
        "Prints, per category and store, how many items are held, how many are due now, the"
            + " oldest item and when the next one falls due. Changes nothing.",
        "",
        "Exit codes: 0 printed, 1 the database failed, 2 wrong usage."
      })
  static final class Plan implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DeploymentOptions deployment = new DeploymentOptions();

    @Override
    public Integer call() {
      return withEngine(
          spec,
          deployment,
          "plan",
          (engine, out, where) -> {
            List<RetentionPlanEntry> plan = engine.plan();
            out.println("Retention plan of " + where + " (times in UTC)");
            out.println();
            String row = "%-15s %-30s %-22s %10s %10s  %-16s  %-16s%n";
            out.printf(
                row, "PROPERTY", "CATEGORY", "STORE", "ITEMS", "DUE NOW", "OLDEST", "NEXT DUE");
            for (RetentionPlanEntry e : plan) {
              out.printf(
                  row,
                  e.property(),
                  e.category(),
                  e.store(),
                  String.format("%,d", e.contents().items()),
                  String.format("%,d", e.contents().due()),
                  time(e.contents().oldest()),
                  time(e.contents().nextDue()));
            }
            out.println();
            for (RetentionPlanEntry e : plan) {
              out.println(
                  e.property() + " " + e.store() + ": " + e.rule() + " — " + e.description());
            }
            List<RetentionGap> gaps = engine.gaps();
            if (!gaps.isEmpty()) {
              out.println();
              out.println("Not enforced (" + gaps.size() + "):");
              gaps.forEach(g -> out.println("  " + g));
            }
            return 0;
          });
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Runs one retention sweep now: everything due is deleted, anonymised or rolled up and"
            + " dropped, one audit entry per committed step. Waits for a sweep already running"
            + " elsewhere (the scheduler of a running server) to finish first.",
        "",
        "Exit codes: 0 swept, 1 a store failed or the database failed, 2 wrong usage."
      })
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DeploymentOptions deployment = new DeploymentOptions();

    @Override
    public Integer call() {
      return withEngine(
          spec,
          deployment,
          "run",
          (engine, out, where) -> {
            SweepReport report = engine.sweep("cli");
            if (!report.ran()) {
              spec.commandLine()
                  .getErr()
                  .println(
                      "pledge retention run: another sweep held the lock for 10 minutes; nothing"
                          + " was run. Try again later.");
              return 1;
            }
            out.println("Retention sweep " + report.id() + " on " + where);
            for (SweepResult r : report.results()) {
              out.printf(
                  "  %-15s %-30s %-22s %,12d expired in %,d ms%s%n",
                  r.property(),
                  r.category(),
                  r.store(),
                  r.expired(),
                  r.took().toMillis(),
                  r.error() == null ? "" : "  FAILED (" + r.error() + ")");
            }
            out.printf("%,d item(s) expired%n", report.expired());
            return report.failed() ? 1 : 0;
          });
    }
  }

  static String time(Instant t) {
    return t == null ? "-" : DAY.format(t);
  }

  @FunctionalInterface
  interface EngineWork {
    int run(RetentionEngine engine, PrintWriter out, String where);
  }

  static int withEngine(
      CommandSpec spec, DeploymentOptions deployment, String name, EngineWork work) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DeploymentContext context = DeploymentContext.open(deployment)) {
      return work.run(context.bean(RetentionEngine.class), out, context.description());
    } catch (DeploymentContext.Unavailable e) {
      err.println("pledge retention " + name + ": " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("pledge retention " + name + ": " + ServerRunner.rootMessage(e));
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
