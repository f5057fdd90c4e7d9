package dev.pledge.server.images;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A provider's configuration, bound by the server from {@code pledge.images.providers.{id}.*}
 * (properties, environment variables such as {@code PLEDGE_IMAGES_PROVIDERS_QWENIMAGEEDIT_APIKEY},
 * JVM options) and handed to the worker with each edit. API keys come from here, never from the
 * user. Keys are given in the kebab-case of the properties ({@code api-key}, {@code base-url}).
 */
public final class ProviderSettings {

  private final Map<String, String> values;

  private ProviderSettings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static ProviderSettings of(Map<String, String> values) {
    return new ProviderSettings(values == null ? Map.of() : values);
  }

  public static ProviderSettings none() {
    return new ProviderSettings(Map.of());
  }

  public Optional<String> get(String key) {
    String value = values.get(key);
    if (value == null) {
      // Bound from an environment variable (PLEDGE_IMAGES_PROVIDERS_OPENAI_APIKEY), a key arrives
      // without its dashes ("apikey"): compare as Spring's relaxed binding does.
      String uniform = uniform(key);
      value =
          values.entrySet().stream()
              .filter(e -> uniform(e.getKey()).equals(uniform))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(String::strip);
  }

  private static String uniform(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
  }

  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /**
   * @throws EditFailed (not retryable) naming the property to set, when absent
   */
  public String require(String key, String providerId) throws EditFailed {
    return get(key)
        .orElseThrow(
            () ->
                new EditFailed(
                    "pledge.images.providers." + providerId + "." + key + " is not set", false));
  }

  public Duration duration(String key, Duration fallback) {
    return get(key).map(Duration::parse).orElse(fallback);
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** The keys only: values may be secrets. */
  @Override
  public String toString() {
    return "ProviderSettings" + new TreeMap<>(values).keySet();
  }
}
