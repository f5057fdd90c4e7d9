package dev.pledge.cli;

/** Entry point of the pledge command line. */
public final class PledgeCli {
  private PledgeCli() {}

  public static void main(String[] args) {
    System.out.println("pledge");
  }
}
