package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The goals an operator sets for a property. An event goal names a custom event the policy declares
 * and counts from the event's daily rollups, so its history is the event's. A page goal is counted
 * from the visits: on adding it, for every closed day whose visits are still kept (the policy's raw
 * retention); from then on by each day's rollup. Earlier days cannot be counted any more.
 */
@Service
public class AnalyticsGoals {

  /** Enough for any site's conversion funnel; more would make the table a second page list. */
  static final int MAX_GOALS = 50;

  static final int MAX_PATTERN = 200;

  /**
   * A goal as set.
   *
   * @param countedFrom for a page goal, the first day it is counted on; null for an event goal
   */
  public record SetGoal(long id, Goal goal, LocalDate countedFrom, Instant createdAt) {}

  /** A goal that cannot be set, with what to do instead. */
  public static final class InvalidGoal extends Exception {
    public InvalidGoal(String message) {
      super(message, null, false, false);
    }
  }

  private final JdbcClient jdbc;
  private final PolicyCatalog catalog;
  private final AnalyticsPartitions partitions;
  private final TransactionTemplate tx;
  private final Clock clock;

  AnalyticsGoals(
      JdbcClient jdbc,
      PolicyCatalog catalog,
      AnalyticsPartitions partitions,
      TransactionTemplate tx,
      Clock clock) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.partitions = partitions;
    this.tx = tx;
    this.clock = clock;
  }

  public List<SetGoal> of(String propertyId) {
    return jdbc.sql(
            """
            select id, kind, coalesce(event_name, page_pattern) as target, counted_from,
                   created_at
            from analytics_goal where property_id = :p order by kind, target
            """)
        .param("p", propertyId)
        .query(
            (rs, i) ->
                new SetGoal(
                    rs.getLong("id"),
                    new Goal(
                        Goal.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                        rs.getString("target")),
                    rs.getObject("counted_from", LocalDate.class),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /** The custom events the property's policy declares, by name, with their property keys. */
  public Map<String, List<String>> declaredEvents(String propertyId) {
    return catalog
        .byId(propertyId)
        .map(EventIngest::declaredEvents)
        .orElse(Map.of())
        .entrySet()
        .stream()
        .sorted(Map.Entry.comparingByKey())
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** Sets a goal; a page goal is counted at once for the closed days whose visits are kept. */
  public SetGoal add(String propertyId, Goal goal) throws InvalidGoal {
    ServedProperty property =
        catalog
            .byId(propertyId)
            .orElseThrow(() -> new InvalidGoal("No property '" + propertyId + "' is served here."));
    String target = goal.target().strip();
    if (goal.kind() == Goal.Kind.EVENT) {
      checkEvent(property, target);
    } else {
      checkPattern(target);
    }
    if (of(propertyId).size() >= MAX_GOALS) {
      throw new InvalidGoal(
          "A property has at most " + MAX_GOALS + " goals: remove one before adding another.");
    }
    LocalDate today = UtcDays.of(clock.instant());
    LocalDate from =
        goal.kind() == Goal.Kind.PAGE
            ? partitions.days(propertyId).stream()
                .findFirst()
                .filter(d -> d.isBefore(today))
                .orElse(today)
            : null;
    try {
      Long id =
          tx.execute(
              status -> {
                long made =
                    jdbc.sql(
                            """
                            insert into analytics_goal (property_id, kind, event_name, page_pattern,
                              page_regex, counted_from)
                            values (:p, :kind, :event, :pattern, :regex, :from)
                            returning id
                            """)
                        .param("p", propertyId)
                        .param("kind", goal.kind().key())
                        .param("event", goal.kind() == Goal.Kind.EVENT ? target : null)
                        .param("pattern", goal.kind() == Goal.Kind.PAGE ? target : null)
                        .param("regex", goal.kind() == Goal.Kind.PAGE ? Goal.regexOf(target) : null)
                        .param("from", from)
                        .query(Long.class)
                        .single();
                if (goal.kind() == Goal.Kind.PAGE) {
                  backfill(propertyId, target, today);
                }
                return made;
              });
      return of(propertyId).stream().filter(g -> g.id() == id).findFirst().orElseThrow();
    } catch (DuplicateKeyException e) {
      throw new InvalidGoal("That goal is set already.");
    }
  }

  /** Removes a goal and what was counted for it; false when there was none. */
  public boolean remove(String propertyId, long id) {
    Boolean removed =
        tx.execute(
            status -> {
              Optional<String> pattern =
                  jdbc.sql(
                          "delete from analytics_goal where property_id = :p and id = :id"
                              + " returning page_pattern")
                      .param("p", propertyId)
                      .param("id", id)
                      .query((rs, i) -> Optional.ofNullable(rs.getString(1)))
                      .optional()
                      .orElse(null);
              if (pattern == null) {
                return false;
              }
              pattern.ifPresent(
                  pp ->
                      jdbc.sql(
                              "delete from analytics_daily_page_goal"
                                  + " where property_id = :p and pattern = :pattern")
                          .param("p", propertyId)
                          .param("pattern", pp)
                          .update());
              return true;
            });
    return Boolean.TRUE.equals(removed);
  }

  private void backfill(String propertyId, String pattern, LocalDate today) {
    jdbc.sql(
            """
            insert into analytics_daily_page_goal
              (property_id, day, pattern, visitors, visits, conversions)
            select :p, v.day, :pattern, count(distinct v.visitor_id), count(*), sum(m.n)
            from analytics_visit v
            cross join lateral (select count(*) as n from unnest(v.pages) p where p ~ :regex) m
            where v.property_id = :p and v.day < :today and m.n > 0
            group by v.day
            on conflict (property_id, day, pattern) do update set visitors = excluded.visitors,
              visits = excluded.visits, conversions = excluded.conversions
            """)
        .param("p", propertyId)
        .param("pattern", pattern)
        .param("regex", Goal.regexOf(pattern))
        .param("today", today)
        .update();
  }

  private void checkEvent(ServedProperty property, String name) throws InvalidGoal {
    Map<String, List<String>> declared = EventIngest.declaredEvents(property);
    if (declared.containsKey(name)) {
      return;
    }
    if (declared.isEmpty()) {
      throw new InvalidGoal(
          "The policy of "
              + property.name()
              + " declares no custom events, so none is ever stored: declare the event under"
              + " events: of its page analytics category first (docs/policy-language.md), or set"
              + " a page goal.");
    }
    throw new InvalidGoal(
        "The policy of "
            + property.name()
            + " declares no custom event '"
            + shorten(name)
            + "'; choose one it declares: "
            + String.join(", ", declared.keySet().stream().sorted().toList())
            + ".");
  }

  private static void checkPattern(String pattern) throws InvalidGoal {
    if (pattern.isEmpty() || pattern.charAt(0) != '/') {
      throw new InvalidGoal(
          "A page pattern is a path starting with '/', such as /formats/png or /formats/**.");
    }
    if (pattern.length() > MAX_PATTERN) {
      throw new InvalidGoal("A page pattern is at most " + MAX_PATTERN + " characters long.");
    }
    if (pattern.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new InvalidGoal(
          "A page pattern cannot contain spaces or control characters: write the path as it"
              + " appears in the Top pages table.");
    }
    if (pattern.contains("***")) {
      throw new InvalidGoal(
          "Use * for one path segment and ** for anything: '***' means nothing more.");
    }
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
