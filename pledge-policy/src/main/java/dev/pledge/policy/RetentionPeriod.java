package dev.pledge.policy;

/**
 * How long a category is kept: a fixed duration, permanently, or a range within which a plan or the
 * person chooses (for example source images: 7 days to permanent, chosen per plan).
 *
 * @param kind which of the three shapes this is
 * @param fixed the duration when {@code kind == FIXED}
 * @param min the shortest allowed choice when {@code kind == RANGE}
 * @param max the longest allowed choice when {@code kind == RANGE}; {@code null} means permanent
 * @param defaultChoice the choice applied when nobody chose, within [min, max]; {@code null} for
 *     permanent
 * @param chosenBy who picks within the range
 */
public record RetentionPeriod(
    Kind kind,
    PolicyDuration fixed,
    PolicyDuration min,
    PolicyDuration max,
    PolicyDuration defaultChoice,
    ChosenBy chosenBy) {

  public enum Kind {
    FIXED,
    PERMANENT,
    RANGE
  }

  /** Who picks the period inside a range. */
  public enum ChosenBy {
    PLAN,
    USER
  }

  public static RetentionPeriod of(PolicyDuration d) {
    return new RetentionPeriod(Kind.FIXED, d, null, null, null, null);
  }

  public static RetentionPeriod permanent() {
    return new RetentionPeriod(Kind.PERMANENT, null, null, null, null, null);
  }

  public boolean isPermanent() {
    return kind == Kind.PERMANENT;
  }

  /** True when the range's upper bound is permanent. */
  public boolean maxIsPermanent() {
    return kind == Kind.RANGE && max == null;
  }
}
