package dev.pledge.server.accesslog;

/** The tallies of one run, turned into {@link AnonymisationTotals} at its end. */
final class RunCounters {
  long lines;
  long masked;
  long hashed;
  long malformed;
  long dropped;
  long replaced;

  AnonymisationTotals toTotals() {
    return new AnonymisationTotals(lines, masked, hashed, malformed, dropped, replaced);
  }
}
