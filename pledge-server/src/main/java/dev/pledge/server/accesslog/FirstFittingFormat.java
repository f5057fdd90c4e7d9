package dev.pledge.server.accesslog;

/**
 * The default format: each line is tried against the common log format (which, with extra fields
 * allowed, also covers combined and nginx's default) and then vhost_combined. A log that mixes them
 * still has every client field found.
 */
final class FirstFittingFormat implements FieldLocator {
  private final LogFormatSpec[] formats;
  private final int maxAddressFields;

  FirstFittingFormat(LogFormatSpec... formats) {
    this.formats = formats;
    int max = 0;
    for (LogFormatSpec f : formats) {
      max = Math.max(max, f.maxAddressFields());
    }
    this.maxAddressFields = max;
  }

  @Override
  public int locate(byte[] line, int from, int to, int[] bounds) {
    for (LogFormatSpec format : formats) {
      int found = format.locate(line, from, to, bounds);
      if (found >= 0) {
        return found;
      }
    }
    return -1;
  }

  @Override
  public int maxAddressFields() {
    return maxAddressFields;
  }
}
