package dev.pledge.server.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The HTTP answer for each outcome, shared by both transports so they cannot differ. */
final class IngestResponses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestResponses() {}

  /** Status, extra headers, body, and whether the body is JSON. */
  record Answer(int status, Map<String, String> headers, String body, boolean json) {}

  static final Answer STORED = new Answer(202, Map.of(), "ok", false);
  private static final Answer NOT_STORED =
      new Answer(503, Map.of("Retry-After", "1"), "the event could not be stored; retry", false);

  /** The answer for outcomes known at once; null for Accepted, which waits for its write. */
  static Answer immediate(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Dropped d) {
      return new Answer(202, Map.of("X-Pledge-Dropped", d.reason()), "ok", false);
    }
    if (outcome instanceof IngestOutcome.Invalid i) {
      return new Answer(400, Map.of(), errors(i.errors()), true);
    }
    if (outcome instanceof IngestOutcome.TooLarge) {
      return new Answer(413, Map.of(), "an event body is at most 16 KiB", false);
    }
    if (outcome instanceof IngestOutcome.RateLimited) {
      return new Answer(429, Map.of("Retry-After", "1"), "too many events from one client", false);
    }
    if (outcome instanceof IngestOutcome.Overloaded) {
      return new Answer(503, Map.of("Retry-After", "1"), "busy; retry in a second", false);
    }
    return null; // Accepted: answered once its write commits
  }

  static Answer afterWrite(boolean stored) {
    return stored ? STORED : NOT_STORED;
  }

  private static String errors(Map<String, String> errors) {
    try {
      return JSON.writeValueAsString(Map.of("errors", errors));
    } catch (JsonProcessingException e) {
      return "{\"errors\":{\"body\":\"is invalid\"}}";
    }
  }
}
