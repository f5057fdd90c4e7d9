package dev.pledge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pledge demo}: both shipped services with demo content on the embedded database. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs both shipped services (the reference site and the image studio) with demo content"
            + " on an embedded PostgreSQL, and prints where each answers.")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--data-dir",
      defaultValue = "pledge-data/demo",
      description = "Where the demo's database and logs live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    List<String> locations = ServerRunner.shippedPolicies();
    if (!ServerRunner.policiesValid(locations, err)) {
      return 1;
    }
    return ServerRunner.run(
        server.toProperties(dataDir, locations, true),
        out,
        err,
        "with demo content (data in " + dataDir + ")");
  }
}
