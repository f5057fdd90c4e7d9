package dev.pledge.server.images;

/**
 * The edit could not be done now: a model's service down, a rate limit, a time-out. A retryable
 * failure is tried again (a few times, later); otherwise the job fails, its credits are refunded,
 * and the user sees that it failed, not this message (which may be technical; no secrets in it).
 */
public class EditFailed extends Exception {

  private final boolean retryable;

  public EditFailed(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public EditFailed(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
