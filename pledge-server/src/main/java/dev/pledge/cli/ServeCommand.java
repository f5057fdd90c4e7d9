package dev.pledge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pledge serve}: runs the server for the given policies. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Pledge for the given policy files.",
      "Each property answers on the domains in its policy, on {id}.localhost, and under"
          + " /p/{id}/ on any host."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--data-dir",
      defaultValue = "pledge-data",
      description = "Where the embedded database and logs live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on, e.g. 127.0.0.1 (default: the setting server.address, else every"
              + " interface).")
  String host;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "A policy file to serve; repeat for several (default: the shipped policies).")
  List<String> policies;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    List<String> locations =
        policies == null || policies.isEmpty() ? ServerRunner.shippedPolicies() : policies;
    if (!ServerRunner.policiesValid(locations, err)) {
      return 1;
    }
    return ServerRunner.run(
        server.toProperties(dataDir, locations, false, host), out, err, "with data in " + dataDir);
  }
}
