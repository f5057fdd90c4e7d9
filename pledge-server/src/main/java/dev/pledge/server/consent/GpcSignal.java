package dev.pledge.server.consent;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;

/**
 * Global Privacy Control as a request states it: {@code Sec-GPC} whose value is exactly {@code 1}.
 * The specification defines no other value, so {@code 0}, {@code true} or an empty header say
 * nothing; when the header comes several times (or folded into one by a proxy, comma-separated),
 * any one {@code 1} counts — an opt-out must never be lost to a duplicate.
 */
public final class GpcSignal {

  public static final String HEADER = "Sec-GPC";

  private GpcSignal() {}

  /** True when the request carries Global Privacy Control. */
  public static boolean isSet(HttpServletRequest request) {
    var values = request.getHeaders(HEADER);
    return values != null && isSet(Collections.list(values));
  }

  /** True when any of the header values is {@code 1}. */
  public static boolean isSet(List<String> values) {
    for (String value : values) {
      if (value == null) {
        continue;
      }
      for (String element : value.split(",", -1)) {
        if (element.strip().equals("1")) {
          return true;
        }
      }
    }
    return false;
  }
}
