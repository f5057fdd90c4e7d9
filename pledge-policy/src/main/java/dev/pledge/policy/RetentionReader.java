package dev.pledge.policy;

import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a category's {@code retention:} rule. Checks that concern one rule alone — a range whose
 * bounds are reversed, a default outside its range, a legal hold of nothing — are made here, where
 * it is known whether a bound is "permanent" or simply missing.
 */
final class RetentionReader {

  static final String EXAMPLE = "retention: {period: P90D, anchor: collection, action: delete}";
  static final List<String> KEYS =
      List.of("period", "anchor", "action", "aggregate-retention", "legal-hold", "note");

  private static final String PERIOD_EXAMPLE = "period: P90D";
  private static final String RANGE_EXAMPLE =
      "period: {min: P7D, max: permanent, default: P30D, chosen-by: plan}";
  private static final List<String> RANGE_KEYS = List.of("min", "max", "default", "chosen-by");
  private static final String HOLD_EXAMPLE =
      "legal-hold: {period: P7Y, reason: \"Tax law requires payment records for seven years\"}";
  private static final List<String> HOLD_KEYS = List.of("period", "reason");
  private static final String PERMANENT = "permanent";

  /** One end of a range: {@code duration} is {@code null} for permanent; unusable when invalid. */
  private record Bound(boolean valid, PolicyDuration duration) {
    static final Bound INVALID = new Bound(false, null);

    String describe() {
      return duration == null ? PERMANENT : duration.text();
    }
  }

  private final NodeReader nodes;

  RetentionReader(NodeReader nodes) {
    this.nodes = nodes;
  }

  /** The rule under {@code retention:} of a category, or {@code null} when there is none. */
  Retention read(MappingReader category) {
    MappingReader m = category.mapping("retention", EXAMPLE, KEYS);
    if (m == null) {
      return null;
    }
    RetentionPeriod period = null;
    if (m.has("period")) {
      period = period(m.value("period"), m.fieldPath("period"), PERIOD_EXAMPLE);
    } else {
      m.reportMissing("period", PERIOD_EXAMPLE);
    }
    Retention.Anchor anchor =
        m.choice(
            "anchor",
            Retention.Anchor.values(),
            Retention.Anchor::key,
            Retention.Anchor.COLLECTION,
            "anchor: collection");
    Retention.ExpiryAction action =
        m.choice(
            "action",
            Retention.ExpiryAction.values(),
            Retention.ExpiryAction::key,
            Retention.ExpiryAction.DELETE,
            "action: delete");
    RetentionPeriod aggregate = aggregateRetention(m, action);
    Retention.LegalHold hold = legalHold(m);
    String note = m.text("note", "note: \"Kept at most 12 months after the last message\"");
    return new Retention(period, anchor, action, aggregate, hold, note);
  }

  private RetentionPeriod aggregateRetention(MappingReader m, Retention.ExpiryAction action) {
    String example = "aggregate-retention: permanent";
    if (!m.has("aggregate-retention")) {
      if (action == Retention.ExpiryAction.AGGREGATE_THEN_DELETE) {
        m.reportMissing(
            "aggregate-retention",
            "; with action aggregate-then-delete, say how long the aggregates are kept",
            example);
      }
      return null;
    }
    Node node = m.value("aggregate-retention");
    RetentionPeriod aggregate = period(node, m.fieldPath("aggregate-retention"), example);
    if (action != null && action != Retention.ExpiryAction.AGGREGATE_THEN_DELETE) {
      nodes.report(
          node,
          m.fieldPath("aggregate-retention"),
          "'aggregate-retention' only applies with action aggregate-then-delete, but the action is "
              + action.key(),
          "action: aggregate-then-delete");
    }
    return aggregate;
  }

  private Retention.LegalHold legalHold(MappingReader m) {
    MappingReader h = m.mapping("legal-hold", HOLD_EXAMPLE, HOLD_KEYS);
    if (h == null) {
      return null;
    }
    PolicyDuration period = h.requiredDuration("period", "period: P7Y");
    if (period != null && period.approximate().isZero()) {
      nodes.report(
          h.value("period"),
          h.fieldPath("period"),
          "a legal hold of "
              + period.text()
              + " holds nothing; give the period the law requires,"
              + " or remove 'legal-hold'",
          "period: P7Y");
    }
    String reason =
        h.requiredText("reason", "reason: \"Tax law requires payment records for seven years\"");
    return new Retention.LegalHold(period, reason);
  }

  /** A fixed duration, {@code permanent}, or a range mapping. */
  RetentionPeriod period(Node node, String path, String example) {
    if (node instanceof MappingNode) {
      return range(node, path);
    }
    if (!(node instanceof ScalarNode)) {
      nodes.report(
          node,
          path,
          "expected a duration, 'permanent' or a range {min, max, default, chosen-by}, found a list",
          example);
      return null;
    }
    String text = nodes.text(node, path, example);
    if (text == null) {
      return null;
    }
    if (text.equals(PERMANENT)) {
      return RetentionPeriod.permanent();
    }
    PolicyDuration duration = PolicyDuration.parseOrNull(text);
    if (duration == null) {
      nodes.report(
          node, path, "'" + text + "' is not an ISO-8601 duration or 'permanent'", example);
      return null;
    }
    return RetentionPeriod.of(duration);
  }

  private RetentionPeriod range(Node node, String path) {
    MappingReader r = nodes.mapping(node, path, RANGE_EXAMPLE, RANGE_KEYS);
    PolicyDuration min = minimum(r);
    Bound max = bound(r, "max", "max: permanent");
    Bound choice = bound(r, "default", "default: P30D");
    RetentionPeriod.ChosenBy chosenBy =
        r.requiredChoice(
            "chosen-by",
            RetentionPeriod.ChosenBy.values(),
            c -> c.name().toLowerCase(Locale.ROOT),
            "chosen-by: plan");
    boolean ordered = true;
    if (min != null && max.valid() && max.duration() != null && min.compareTo(max.duration()) > 0) {
      ordered = false;
      nodes.report(
          r.value("min"),
          r.fieldPath("min"),
          "the shortest choice (min "
              + min.text()
              + ") is longer than the longest (max "
              + max.describe()
              + ")",
          "period: {min: P7D, max: " + max.describe() + ", default: P30D, chosen-by: plan}");
    }
    if (ordered && min != null && max.valid() && choice.valid() && outside(choice, min, max)) {
      nodes.report(
          r.value("default"),
          r.fieldPath("default"),
          "the default "
              + choice.describe()
              + " is outside the range "
              + min.text()
              + " to "
              + max.describe(),
          "default: " + min.text());
    }
    return new RetentionPeriod(
        RetentionPeriod.Kind.RANGE, null, min, max.duration(), choice.duration(), chosenBy);
  }

  private PolicyDuration minimum(MappingReader r) {
    if (!r.has("min")) {
      r.reportMissing("min", "; a range needs its shortest choice", "min: P7D");
      return null;
    }
    Node node = r.value("min");
    if (node instanceof ScalarNode s && s.getValue().strip().equals(PERMANENT)) {
      nodes.report(
          node,
          r.fieldPath("min"),
          "the shortest choice of a range cannot be permanent; for data that is always kept write"
              + " 'period: permanent'",
          "min: P7D");
      return null;
    }
    return nodes.duration(node, r.fieldPath("min"), "min: P7D");
  }

  private Bound bound(MappingReader r, String key, String example) {
    if (!r.has(key)) {
      String why =
          key.equals("default")
              ? "; a range needs the period applied until someone chooses"
              : "; a range needs its longest choice (a duration or 'permanent')";
      r.reportMissing(key, why, example);
      return Bound.INVALID;
    }
    Node node = r.value(key);
    if (node instanceof ScalarNode s && s.getValue().strip().equals(PERMANENT)) {
      nodes.sources().record(r.fieldPath(key), node);
      return new Bound(true, null);
    }
    PolicyDuration duration = nodes.duration(node, r.fieldPath(key), example);
    return duration == null ? Bound.INVALID : new Bound(true, duration);
  }

  private static boolean outside(Bound choice, PolicyDuration min, Bound max) {
    if (choice.duration() == null) {
      return max.duration() != null;
    }
    return choice.duration().compareTo(min) < 0
        || (max.duration() != null && choice.duration().compareTo(max.duration()) > 0);
  }
}
