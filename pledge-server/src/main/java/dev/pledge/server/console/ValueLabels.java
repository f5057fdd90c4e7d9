package dev.pledge.server.console;

import java.util.Locale;

/**
 * How a breakdown value reads on the page. The analytics store keeps compact keys ("search",
 * "mobile", "DE"); people read words. The CSV keeps the stored keys, for other tools.
 */
final class ValueLabels {

  private ValueLabels() {}

  static String label(DashboardTable table, String value) {
    if (value == null || value.isEmpty()) {
      return "(none)";
    }
    return switch (table) {
      case CHANNELS ->
          switch (value) {
            case "email" -> "E-mail";
            default -> capitalised(value);
          };
      case DEVICES -> capitalised(value);
      case COUNTRIES -> country(value);
      default -> value;
    };
  }

  /** A tooltip where the label hides something: the country code behind a country's name. */
  static String title(DashboardTable table, String value) {
    return table == DashboardTable.COUNTRIES ? value : null;
  }

  private static String capitalised(String value) {
    return Character.toUpperCase(value.charAt(0)) + value.substring(1);
  }

  private static String country(String code) {
    if (code.length() != 2) {
      return code;
    }
    String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    return name.isEmpty() || name.equalsIgnoreCase(code) ? code : name;
  }
}
