package dev.pledge.server.security;

/**
 * The seconds each fuzz target gets in `./pledge test`. Longer runs: see README.md, "Fuzzing".
 *
 * <p>Public because the targets live beside the package-private parsers they fuzz.
 */
public final class FuzzBudget {
  /**
   * Per target; about ten targets, each in its own JVM, keep the total near a minute and a half.
   */
  public static final String PER_TARGET = "5s";

  private FuzzBudget() {}
}
