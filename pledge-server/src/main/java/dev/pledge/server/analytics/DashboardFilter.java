package dev.pledge.server.analytics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the dashboard is narrowed to: at most one value per breakdown (a page, a source, a browser
 * …), a goal, and a custom property value; all of them at once (AND). Empty: everything.
 *
 * @param values the breakdown values visits must have; a page or a 404 means the visit included it
 * @param goal the goal visits must have completed, or null
 * @param property the custom property value one of the visit's events must carry, or null
 */
public record DashboardFilter(Map<Breakdown, String> values, Goal goal, PropertyValue property) {

  public static final DashboardFilter NONE = new DashboardFilter(Map.of(), null, null);

  /** A custom event's property value: the event, the key and the value as stored. */
  public record PropertyValue(String event, String key, String value) {
    public PropertyValue {
      Objects.requireNonNull(event);
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
    }
  }

  public DashboardFilter {
    EnumMap<Breakdown, String> copy = new EnumMap<>(Breakdown.class);
    values.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    values = Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return values.isEmpty() && goal == null && property == null;
  }

  public DashboardFilter with(Breakdown by, String value) {
    EnumMap<Breakdown, String> copy = new EnumMap<>(Breakdown.class);
    copy.putAll(values);
    copy.put(by, value);
    return new DashboardFilter(copy, goal, property);
  }

  public DashboardFilter without(Breakdown by) {
    EnumMap<Breakdown, String> copy = new EnumMap<>(Breakdown.class);
    copy.putAll(values);
    copy.remove(by);
    return new DashboardFilter(copy, goal, property);
  }

  public DashboardFilter withGoal(Goal g) {
    return new DashboardFilter(values, g, property);
  }

  public DashboardFilter withProperty(PropertyValue p) {
    return new DashboardFilter(values, goal, p);
  }
}
