package dev.pledge.policy;

import java.util.List;

/**
 * A custom analytics event a category collects besides page views: its name as the tracker sends it
 * (Plausible's {@code name} other than {@code pageview}) and the only property keys that may be
 * stored with it. An event or a property key the policy does not declare is never stored.
 *
 * @param name the event name, exactly as sent ({@code Outbound Link: Click})
 * @param properties the custom property keys kept with the event; their values are scrubbed like
 *     page addresses
 * @param description what the event records, in plain language, or {@code null}
 */
public record CustomEvent(String name, List<String> properties, String description) {

  /** Event names the analytics use themselves; a policy cannot declare them as custom events. */
  public static final List<String> RESERVED = List.of("pageview", "engagement", "404");

  /** Plausible accepts at most this many custom properties on one event. */
  public static final int MAX_PROPERTIES = 30;

  /** Plausible's limit on an event name. */
  public static final int MAX_NAME = 120;

  public CustomEvent {
    properties = List.copyOf(properties);
  }
}
