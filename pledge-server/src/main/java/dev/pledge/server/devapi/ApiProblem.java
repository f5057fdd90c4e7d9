package dev.pledge.server.devapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API error as RFC 9457 problem details: a stable {@code type} per kind of error (a URN: it
 * names the error, it does not pretend to be a page), the HTTP status, a short title and a detail
 * that says what is wrong and how to fix it. Never a stack trace, a secret or personal data.
 */
final class ApiProblem extends RuntimeException {

  static final String TYPE_PREFIX = "urn:pledge:api:problem:";

  final int status;
  final String slug;
  final String title;
  final transient Map<String, Object> extra = new LinkedHashMap<>();
  Long retryAfterSeconds;
  String allow;

  ApiProblem(int status, String slug, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  ApiProblem with(String name, Object value) {
    extra.put(name, value);
    return this;
  }

  ApiProblem retryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** The methods the path takes, for the {@code Allow} header of a 405. */
  ApiProblem allow(String methods) {
    this.allow = methods;
    return this;
  }

  Map<String, Object> body(String instance) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", TYPE_PREFIX + slug);
    b.put("title", title);
    b.put("status", status);
    b.put("detail", getMessage());
    if (instance != null) {
      b.put("instance", instance);
    }
    b.putAll(extra);
    return b;
  }

  static ApiProblem notFound(String what) {
    return new ApiProblem(
        404,
        "not-found",
        "Not found",
        "No " + what + " with this id is reachable with this key. Check the id (ids are UUIDs).");
  }

  static ApiProblem badRequest(String slug, String detail) {
    return new ApiProblem(400, slug, "Bad request", detail);
  }
}
