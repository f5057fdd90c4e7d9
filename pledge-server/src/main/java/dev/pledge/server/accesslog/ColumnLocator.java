package dev.pledge.server.accesslog;

/**
 * anonip's model: the address is in numbered columns split by one delimiter byte ({@code --column},
 * {@code --delimiter}). As in anonip, two delimiters in a row make an empty column. A line with
 * fewer columns than the highest one asked for does not fit.
 */
final class ColumnLocator implements FieldLocator {
  private final boolean[] isAddressColumn;
  private final int columnCount;
  private final byte delimiter;

  /** {@code columns} are 1-based. */
  ColumnLocator(int[] columns, byte delimiter) {
    int max = 0;
    for (int c : columns) {
      max = Math.max(max, c);
    }
    this.isAddressColumn = new boolean[max];
    int distinct = 0;
    for (int c : columns) {
      if (!isAddressColumn[c - 1]) {
        isAddressColumn[c - 1] = true;
        distinct++;
      }
    }
    this.columnCount = distinct;
    this.delimiter = delimiter;
  }

  @Override
  public int locate(byte[] b, int from, int to, int[] bounds) {
    int found = 0;
    int column = 0;
    int start = from;
    int last = isAddressColumn.length;
    while (column < last) {
      int end = AddressChars.indexOf(b, delimiter, start, to);
      if (end < 0) {
        end = to;
      }
      if (isAddressColumn[column]) {
        bounds[2 * found] = start;
        bounds[2 * found + 1] = end;
        found++;
      }
      column++;
      if (end == to) {
        break;
      }
      start = end + 1;
    }
    return column < last ? -1 : found;
  }

  @Override
  public int maxAddressFields() {
    return columnCount;
  }
}
