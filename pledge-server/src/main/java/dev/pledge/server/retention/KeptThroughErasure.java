package dev.pledge.server.retention;

/**
 * A store whose items about a person are deliberately kept through an erasure (the request records
 * that prove it was done): the receipt says why in these words instead of counting nothing.
 */
public interface KeptThroughErasure {

  /** For the receipt, e.g. "kept as the record of your request and of this erasure". */
  String keptBecause();
}
