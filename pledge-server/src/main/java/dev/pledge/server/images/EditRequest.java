package dev.pledge.server.images;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One edit as a provider receives it.
 *
 * @param image the source image's bytes (already stripped of metadata: PNG, JPEG or WebP)
 * @param contentType its media type ({@code image/png}, {@code image/jpeg}, {@code image/webp})
 * @param operation the operation's name, one of the provider's {@link EditProvider#operations()}
 * @param parameters the operation's parameters as the user gave them ({@code angle=90}); checked by
 *     the provider, which throws {@link EditRefused} for a bad one
 * @param prompt the user's prompt, or empty
 * @param locale the user's language, for messages and for models that take it
 * @param settings the provider's configuration ({@code pledge.images.providers.{id}.*}): keys, base
 *     URLs, models
 * @param maxPixels the most pixels the result may have (the plan's limit)
 */
public record EditRequest(
    byte[] image,
    String contentType,
    String operation,
    Map<String, String> parameters,
    String prompt,
    Locale locale,
    ProviderSettings settings,
    long maxPixels) {

  public EditRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(operation, "operation");
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    prompt = prompt == null ? "" : prompt;
    locale = locale == null ? Locale.ENGLISH : locale;
    settings = settings == null ? ProviderSettings.none() : settings;
  }

  /** A parameter, or {@code fallback} when absent or blank. */
  public String parameter(String name, String fallback) {
    String v = parameters.get(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  /** The request without its bytes and secrets, for logs and errors. */
  @Override
  public String toString() {
    return "EditRequest[" + operation + ", " + contentType + ", " + image.length + " bytes]";
  }
}
