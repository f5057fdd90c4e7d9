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
  // Refusals are JSON in the shape of a 400's, naming what was wrong and what to do, so a client
  // handles every refusal the same way.
  private static final Answer NOT_STORED =
      refusal(503, "event", "could not be stored just now; send it again after a second");

  /** The answer for outcomes known at once; null for Accepted, which waits for its write. */
  static Answer immediate(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Dropped d) {
      return new Answer(202, Map.of("X-Pledge-Dropped", d.reason()), "ok", false);
    }
    if (outcome instanceof IngestOutcome.Invalid i) {
      return new Answer(400, Map.of(), errors(i.errors()), true);
    }
    if (outcome instanceof IngestOutcome.TooLarge) {
      return new Answer(
          413,
          Map.of(),
          errors(Map.of("body", "is over 16 KiB; send one event of at most 16 KiB per request")),
          true);
    }
    if (outcome instanceof IngestOutcome.RateLimited) {
      return refusal(
          429,
          "client",
          "sends events faster than this site accepts; wait a second and send again");
    }
    if (outcome instanceof IngestOutcome.Overloaded) {
      return refusal(503, "server", "is busy; send the event again after a second");
    }
    return null; // Accepted: answered once its write commits
  }

  static Answer afterWrite(boolean stored) {
    return stored ? STORED : NOT_STORED;
  }

  private static Answer refusal(int status, String field, String message) {
    return new Answer(status, Map.of("Retry-After", "1"), errors(Map.of(field, message)), true);
  }

  private static String errors(Map<String, String> errors) {
    try {
      return JSON.writeValueAsString(Map.of("errors", errors));
    } catch (JsonProcessingException e) {
      return "{\"errors\":{\"body\":\"is invalid\"}}";
    }
  }
}
