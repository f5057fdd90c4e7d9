package dev.pledge.server.analytics;

/**
 * One custom property value of a custom event, with how many visitors sent it and how often.
 *
 * @param event the custom event's name
 * @param key the property key the policy declares for it
 * @param value the value as stored (scrubbed at the door)
 * @param visitors visitors (summed per day)
 * @param events how many events carried it
 */
public record PropertyRow(String event, String key, String value, long visitors, long events) {

  /** The filter to this value. */
  public DashboardFilter.PropertyValue asFilter() {
    return new DashboardFilter.PropertyValue(event, key, value);
  }
}
