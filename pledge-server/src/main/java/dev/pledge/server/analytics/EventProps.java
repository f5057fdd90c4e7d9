package dev.pledge.server.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pledge.server.shared.IdentifierScrubber;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Custom event properties, Plausible's {@code p} (also {@code props}, {@code m}, {@code meta}):
 * read as Plausible reads them, and kept only as far as the policy allows. Reading follows
 * Plausible's rules — an object, or a string holding one; text, number and boolean values as text;
 * empty, null, list and object values ignored; at most 30 pairs, keys up to 300 and values up to
 * 2,000 characters — so any tracker that works with Plausible works here. Keeping is Pledge's: only
 * the keys the policy declares for the event, each value scrubbed like a page address.
 */
final class EventProps {

  /** Plausible's limits on what one event may carry. */
  static final int MAX_PAIRS = 30;

  static final int MAX_KEY = 300;
  static final int MAX_VALUE = 2000;

  /** What is stored of one value, after scrubbing: as long as a page path. */
  static final int MAX_STORED_VALUE = UrlScrubber.MAX_PATH;

  private static final JsonFactory JSON = new JsonFactory();

  /** Four dotted numbers: an IPv4 address, which no property value may carry. */
  private static final Pattern IPV4 =
      Pattern.compile("(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9.])");

  /** Hex groups joined by colons; an IPv6 address when it has "::" or at least four colons. */
  private static final Pattern IPV6_LIKE =
      Pattern.compile(
          "(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])");

  private EventProps() {}

  /**
   * The properties at the parser's current value ({@code token}); the parser is left on the value's
   * last token. Anything but an object or a string holding one reads as no properties, as in
   * Plausible.
   */
  static Map<String, String> read(JsonParser p, JsonToken token) throws IOException {
    if (token == JsonToken.START_OBJECT) {
      return pairs(p);
    }
    if (token == JsonToken.VALUE_STRING) {
      String text = p.getText();
      try (JsonParser inner = JSON.createParser(text.getBytes(StandardCharsets.UTF_8))) {
        return inner.nextToken() == JsonToken.START_OBJECT ? pairs(inner) : Map.of();
      } catch (IOException e) {
        return Map.of(); // a string that is not a JSON object: no properties, not an error
      }
    }
    p.skipChildren();
    return Map.of();
  }

  private static Map<String, String> pairs(JsonParser p) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      String text =
          switch (value) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> {
              p.skipChildren();
              yield null;
            }
          };
      if (text != null
          && !text.isBlank()
          && !key.isBlank()
          && key.length() <= MAX_KEY
          && text.length() <= MAX_VALUE
          && out.size() < MAX_PAIRS) {
        out.put(key, text);
      }
    }
    return out;
  }

  /**
   * What is stored of the sent properties: the declared keys, in their declared order, each value
   * scrubbed; null when none is left.
   */
  static String kept(Map<String, String> sent, List<String> declared) {
    if (sent.isEmpty() || declared.isEmpty()) {
      return null;
    }
    Map<String, String> kept = new LinkedHashMap<>();
    for (String key : declared) {
      String value = sent.get(key);
      if (value != null) {
        String scrubbed = scrub(value);
        if (!scrubbed.isEmpty()) {
          kept.put(key, scrubbed);
        }
      }
    }
    return kept.isEmpty() ? null : json(kept);
  }

  /**
   * A value reduced as page addresses are (e-mail addresses, phone numbers, tokens and long ids
   * replaced by placeholders), network addresses replaced too, and cut to a path's length.
   */
  static String scrub(String value) {
    String s = IPV4.matcher(value.strip()).replaceAll(":ip");
    Matcher six = IPV6_LIKE.matcher(s);
    s = six.replaceAll(m -> looksLikeIpv6(m.group()) ? ":ip" : Matcher.quoteReplacement(m.group()));
    s = IdentifierScrubber.text(s);
    return s.length() > MAX_STORED_VALUE ? s.substring(0, MAX_STORED_VALUE) : s;
  }

  private static boolean looksLikeIpv6(String text) {
    return text.contains("::") || text.chars().filter(c -> c == ':').count() >= 4;
  }

  private static String json(Map<String, String> kept) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : kept.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string does not fail", e);
    }
    return out.toString();
  }
}
