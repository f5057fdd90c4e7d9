package dev.pledge.server.analytics;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the ingest endpoint answers for one request; the transports turn it into HTTP. */
sealed interface IngestOutcome {

  /** Queued; answer 202 when {@code stored} completes, 503 if it fails. */
  record Accepted(CompletableFuture<Void> stored) implements IngestOutcome {}

  /** Dropped on purpose (bot, unknown domain …): 202 with {@code X-Pledge-Dropped: reason}. */
  record Dropped(String reason) implements IngestOutcome {}

  /** Invalid input: 400 with a JSON {@code errors} object. */
  record Invalid(Map<String, String> errors) implements IngestOutcome {}

  /** Body over 16 KiB: 413. */
  record TooLarge() implements IngestOutcome {}

  /** One client sends too fast: 429. */
  record RateLimited() implements IngestOutcome {}

  /** The write queue is full: 503 with Retry-After, at once. */
  record Overloaded() implements IngestOutcome {}
}
