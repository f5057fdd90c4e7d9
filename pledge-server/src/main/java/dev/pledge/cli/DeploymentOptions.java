package dev.pledge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which deployment a maintenance command works on: an external database, or the embedded one in a
 * data directory. Mix into a command and pass to {@link DeploymentContext#open}.
 */
final class DeploymentOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "The deployment's data directory (default: pledge-data, or pledge-data/demo when only"
              + " the demo has a database there). A server running on it is reached through its"
              + " database; otherwise its embedded PostgreSQL is started for the command.")
  Path dataDir;

  @Mixin DatabaseOptions database = new DatabaseOptions();
}
