package dev.pledge.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code pledge --version}, taken from the jar's manifest. */
final class PledgeVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = PledgeCli.class.getPackage().getImplementationVersion();
    return new String[] {"pledge " + (version == null ? "(development build)" : version)};
  }
}
