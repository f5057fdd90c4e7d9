package dev.pledge.server.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the Plausible event body — short keys ({@code n u d r p h}) and long ones ({@code name url
 * domain referrer props hashMode}) — with a streaming parser, and collects every problem at once so
 * the 400 answer says exactly what to fix. Custom properties ({@code p}) and revenue ({@code $})
 * are read past and never kept: the policy collects page views, referrer and browser type only
 * (A-01, A-10).
 */
final class EventBodyParser {

  static final int MAX_BYTES = 16 * 1024;
  private static final int MAX_NAME = 120;
  private static final int MAX_URL = 2048;
  private static final int MAX_DOMAIN = 255;

  /** A page in view for a whole day is the most an engagement event can honestly report. */
  static final int MAX_ENGAGEMENT_MS = 24 * 60 * 60 * 1000;

  private static final String ENGAGEMENT = "the milliseconds the page was in view";
  private static final String SCROLL = "a scroll depth in percent";

  private static final JsonFactory JSON = new JsonFactory();

  private EventBodyParser() {}

  /** Either a body or the problems, field by field. */
  record Result(EventBody body, Map<String, String> errors) {
    boolean ok() {
      return body != null;
    }
  }

  static Result parse(byte[] bytes, int length) {
    Map<String, String> errors = new LinkedHashMap<>();
    String name = null;
    String url = null;
    String domain = null;
    String referrer = null;
    boolean hashMode = false;
    Integer engagement = null;
    Integer scroll = null;
    try (JsonParser p = JSON.createParser(bytes, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return invalid("body", "must be a JSON object such as {\"n\":\"pageview\",\"u\":...}");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        switch (key) {
          case "n", "name" -> name = text(p, value, "name", errors);
          case "u", "url" -> url = text(p, value, "url", errors);
          case "d", "domain" -> domain = text(p, value, "domain", errors);
          case "r", "referrer" ->
              referrer = value == JsonToken.VALUE_NULL ? null : text(p, value, "referrer", errors);
          case "h", "hashMode", "hash_mode" -> hashMode = truthy(p, value);
          case "e" -> engagement = number(p, value, "e", MAX_ENGAGEMENT_MS, ENGAGEMENT, errors);
          case "sd" -> scroll = number(p, value, "sd", 100, SCROLL, errors);
          default -> p.skipChildren(); // p, props, $, revenue, v, i: read past, never kept
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        return invalid("body", "is not a complete JSON object");
      }
      if (!endsAfterObject(p)) {
        return invalid(
            "body", "has text after the JSON object; send one object and nothing after it");
      }
    } catch (JsonParseException e) {
      return invalid(
          "body",
          "is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      return invalid("body", "could not be read");
    }
    require(name, "name", MAX_NAME, "the event name, e.g. \"pageview\"", errors);
    require(url, "url", MAX_URL, "the page's absolute URL, e.g. \"https://example.org/\"", errors);
    require(domain, "domain", MAX_DOMAIN, "the site's domain, e.g. \"example.org\"", errors);
    if (referrer != null && referrer.length() > MAX_URL) {
      referrer =
          null; // an over-long referrer is dropped, not an error: browsers send what they get
    }
    if (!errors.isEmpty()) {
      return new Result(null, errors);
    }
    return new Result(
        new EventBody(name, url, domain, referrer, hashMode, engagement, scroll), Map.of());
  }

  /**
   * True when only white space follows the object. Jackson would read a second root value, or stop
   * at the end of the first, and leave whatever comes after unread: a body must be one object.
   */
  private static boolean endsAfterObject(JsonParser p) throws IOException {
    try {
      return p.nextToken() == null;
    } catch (JsonParseException e) {
      return false;
    }
  }

  private static Result invalid(String field, String message) {
    return new Result(null, Map.of(field, message));
  }

  private static void require(
      String value, String field, int max, String example, Map<String, String> errors) {
    if (errors.containsKey(field)) {
      return;
    }
    if (value == null || value.isBlank()) {
      errors.put(field, "is required: " + example);
    } else if (value.length() > max) {
      errors.put(field, "is longer than " + max + " characters");
    }
  }

  private static String text(JsonParser p, JsonToken t, String field, Map<String, String> errors)
      throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    errors.put(field, "must be a string");
    p.skipChildren();
    return null;
  }

  /**
   * A number from 0 to {@code max}, rounded to a whole one. Out of range is an error, never
   * clamped: {@code 1e999} reads as infinity and {@code -1e999} as minus infinity, and clamping
   * them made a 596-hour engagement or a silent 0 out of a broken tracker's value.
   */
  private static Integer number(
      JsonParser p, JsonToken t, String field, int max, String meaning, Map<String, String> e)
      throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue(); // finite or ±infinity; JSON has no NaN
      if (d >= 0 && d <= max) {
        return (int) Math.round(d);
      }
      e.put(field, "must be " + meaning + " from 0 to " + max + ", not " + shortText(p));
      return null;
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    e.put(field, "must be a number");
    p.skipChildren();
    return null;
  }

  /** The number as sent, shortened: the client's own value helps it find its bug. */
  private static String shortText(JsonParser p) throws IOException {
    String text = p.getText();
    return text.length() <= 24 ? text : text.substring(0, 24) + "…";
  }

  private static boolean truthy(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_TRUE -> true;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue() != 0; // any size
      case VALUE_STRING -> "1".equals(p.getText()) || "true".equals(p.getText());
      default -> {
        p.skipChildren();
        yield false;
      }
    };
  }
}
