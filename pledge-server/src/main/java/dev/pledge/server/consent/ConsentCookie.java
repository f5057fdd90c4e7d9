package dev.pledge.server.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The browser's choice as vanilla-cookieconsent keeps it in {@code cc_cookie} (declared essential
 * in the policy): URL-encoded JSON with the accepted categories, the revision they were given under
 * and a random consent id — the pseudonymous device reference of the receipts.
 *
 * @param consentId the random id, or {@code null} when missing or malformed
 * @param categories the accepted categories
 * @param revision the consent revision of the choice
 */
record ConsentCookie(String consentId, Set<String> categories, int revision) {

  static final String NAME = "cc_cookie";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{8,64}");

  /** Whether {@code id} is shaped like the library's consent ids (a UUID). */
  static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  static Optional<ConsentCookie> of(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (NAME.equals(c.getName())) {
        return parse(c.getValue());
      }
    }
    return Optional.empty();
  }

  static Optional<ConsentCookie> parse(String value) {
    try {
      JsonNode node = JSON.readTree(URLDecoder.decode(value, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      String id = node.path("consentId").asText(null);
      Set<String> categories = new LinkedHashSet<>();
      node.path("categories").forEach(n -> categories.add(n.asText()));
      return Optional.of(
          new ConsentCookie(validId(id) ? id : null, categories, node.path("revision").asInt(-1)));
    } catch (Exception e) {
      // A cookie the browser mangled is no choice: the banner asks again.
      return Optional.empty();
    }
  }
}
