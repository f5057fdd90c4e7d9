package dev.pledge.server.accesslog;

/** Finds the fields of a line that hold client addresses, and tells whether the line fits. */
interface FieldLocator {
  /**
   * Locates the address fields of {@code [from, to)} (the line without its newline).
   *
   * @param bounds receives start and end of each address field, in line order, in pairs
   * @return how many address fields were found, or -1 when the line does not fit the format
   */
  int locate(byte[] line, int from, int to, int[] bounds);

  /** The most address fields one line can have: the size {@code bounds} needs, halved. */
  int maxAddressFields();
}
