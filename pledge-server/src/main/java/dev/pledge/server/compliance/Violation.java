package dev.pledge.server.compliance;

/**
 * One place where a deployment breaks its published policy.
 *
 * @param kind what sort of breach
 * @param property the property id, or {@code "*"} when it concerns the deployment
 * @param where the store, table or request concerned (never personal data)
 * @param message what is wrong and how to fix it
 */
public record Violation(Kind kind, String property, String where, String message) {

  public enum Kind {
    /** Data older than its category's retention. */
    OVERDUE,
    /** A store holds data of a category the policy says is not collected. */
    NOT_COLLECTED,
    /** A raw IP or e-mail address in a store the policy declares anonymised. */
    NOT_ANONYMISED,
    /** A table no store covers and no module declares free of personal data. */
    UNREGISTERED_TABLE,
    /** A rights request past its deadline. */
    REQUEST_OVERDUE,
    /** An object stored outside its owner's storage region (B-23). */
    OUTSIDE_REGION
  }

  @Override
  public String toString() {
    return kind + " " + property + " " + where + ": " + message;
  }
}
