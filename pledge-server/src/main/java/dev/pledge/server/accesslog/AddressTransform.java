package dev.pledge.server.accesslog;

/** What happens to an address found in a log line: masked or replaced by a keyed hash. */
interface AddressTransform {
  /**
   * Rewrites {@code address} in place.
   *
   * @return false when the address is to stay exactly as written (a private address under {@code
   *     --skip-private})
   */
  boolean transform(ParsedAddress address);

  /** True for keyed hashing, false for masking; only the totals tell them apart. */
  boolean hashes();
}
