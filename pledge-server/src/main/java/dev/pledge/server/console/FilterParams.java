package dev.pledge.server.console;

import dev.pledge.server.analytics.Breakdown;
import dev.pledge.server.analytics.DashboardFilter;
import dev.pledge.server.analytics.Goal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's filters as they travel in its URL, so that a filtered view can be shared and the
 * back button undoes a click: one parameter per breakdown ({@code source=Google}, {@code
 * page=/formats/png}, {@code entry_page=…}), {@code goal=event:Name} or {@code goal=page:/x/**},
 * and a custom property value as {@code prop_event}, {@code prop_key} and {@code prop_value}.
 */
final class FilterParams {

  /** The longest value a filter can usefully have: a page path is at most this long. */
  static final int MAX_VALUE = 512;

  static final String GOAL = "goal";
  static final String PROP_EVENT = "prop_event";
  static final String PROP_KEY = "prop_key";
  static final String PROP_VALUE = "prop_value";

  private FilterParams() {}

  /** The URL parameter of a breakdown's filter: its name in lower case. */
  static String param(Breakdown by) {
    return by.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The filter the request's parameters describe.
   *
   * @throws DateRangeParam.InvalidParameter with what to change, for a value that cannot be one
   */
  static DashboardFilter parse(Map<String, String> params) throws DateRangeParam.InvalidParameter {
    EnumMap<Breakdown, String> values = new EnumMap<>(Breakdown.class);
    for (Breakdown by : Breakdown.values()) {
      String v = params.get(param(by));
      if (v != null && !v.isEmpty()) {
        values.put(by, checked(param(by), v));
      }
    }
    Goal goal = null;
    String g = params.get(GOAL);
    if (g != null && !g.isEmpty()) {
      goal = Goal.ofKey(checked(GOAL, g));
      if (goal == null) {
        throw new DateRangeParam.InvalidParameter(
            "The goal filter '"
                + shorten(g)
                + "' names no goal: it is event:<event name> or page:<page pattern>, as the"
                + " Goals table links to.");
      }
    }
    DashboardFilter.PropertyValue prop = null;
    String pe = params.get(PROP_EVENT);
    String pk = params.get(PROP_KEY);
    String pv = params.get(PROP_VALUE);
    int given = (blank(pe) ? 0 : 1) + (blank(pk) ? 0 : 1) + (blank(pv) ? 0 : 1);
    if (given == 3) {
      prop =
          new DashboardFilter.PropertyValue(
              checked(PROP_EVENT, pe), checked(PROP_KEY, pk), checked(PROP_VALUE, pv));
    } else if (given > 0) {
      throw new DateRangeParam.InvalidParameter(
          "A custom property filter needs all three of prop_event, prop_key and prop_value, as the"
              + " Custom properties table links to.");
    }
    return new DashboardFilter(values, goal, prop);
  }

  /** The filter's parameters, in a stable order, for links. */
  static Map<String, String> query(DashboardFilter filter) {
    Map<String, String> q = new LinkedHashMap<>();
    filter.values().forEach((by, v) -> q.put(param(by), v));
    if (filter.goal() != null) {
      q.put(GOAL, filter.goal().key());
    }
    if (filter.property() != null) {
      q.put(PROP_EVENT, filter.property().event());
      q.put(PROP_KEY, filter.property().key());
      q.put(PROP_VALUE, filter.property().value());
    }
    return q;
  }

  /**
   * A console URL with these parameters, every value encoded in full (a source may hold {@code &}
   * or {@code =}, a page {@code #}).
   */
  static String url(String path, Map<String, String> query) {
    List<String> pairs = new ArrayList<>();
    query.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
    return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String checked(String param, String value) throws DateRangeParam.InvalidParameter {
    if (value.length() > MAX_VALUE) {
      throw new DateRangeParam.InvalidParameter(
          "The filter "
              + param
              + " is "
              + value.length()
              + " characters long; no value it could match is longer than "
              + MAX_VALUE
              + ".");
    }
    return value;
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
