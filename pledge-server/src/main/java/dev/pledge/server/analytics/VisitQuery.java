package dev.pledge.server.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dashboard's questions answered from the kept visits (analytics_visit) instead of the rollups:
 * for any combination of filters, and for goals and custom properties. Visits are kept as long as
 * the raw events they come from, so this reaches back as far as the policy keeps raw analytics.
 *
 * <p>One statement per question: the visits that pass the filter are read once (a materialised CTE)
 * and every table is derived from them, with the measures defined as the rollups define them —
 * visitors counted per day and summed, bounces as visits with at most one page view — so a query
 * without filters gives the rollups' numbers.
 */
@Component
class VisitQuery {

  /**
   * What to compute besides the daily totals.
   *
   * @param customEventsOnly read only the visits with a custom event: enough, and much less to
   *     read, when only custom properties and event goals are asked for
   */
  record Ask(
      Set<Breakdown> breakdowns,
      int pageLimit,
      int limit,
      List<Goal> goals,
      int propLimit,
      boolean customEventsOnly) {

    Ask(Set<Breakdown> breakdowns, int pageLimit, int limit, List<Goal> goals, int propLimit) {
      this(breakdowns, pageLimit, limit, goals, propLimit, false);
    }

    static Ask totalsOnly() {
      return new Ask(Set.of(), 0, 0, List.of(), 0);
    }

    /** Custom properties and goals alone; only visits with custom events when that suffices. */
    static Ask conversions(List<Goal> goals, int propLimit) {
      return new Ask(
          Set.of(),
          0,
          0,
          goals,
          propLimit,
          goals.stream().allMatch(g -> g.kind() == Goal.Kind.EVENT));
    }
  }

  /** The answers: totals per day, top rows per breakdown, per goal, top property values. */
  record Answer(
      Map<LocalDate, DashboardTotals> daily,
      Map<Breakdown, List<DashboardRow>> rows,
      Map<Goal, long[]> goals,
      List<PropertyRow> props) {}

  /**
   * Memory for the statement's sorts and hashes: the per-day distinct visitor counts sort the
   * visits, and with PostgreSQL's default 4 MB a month of a busy site's visits sorts on disk.
   */
  static final String WORK_MEM = "128MB";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  VisitQuery(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  Answer answer(String propertyId, DashboardRange range, DashboardFilter filter, Ask ask) {
    Map<String, Object> params = new HashMap<>();
    params.put("p", propertyId);
    params.put("from", range.from());
    params.put("to", range.to());
    List<String> where = new ArrayList<>();
    String pageviews = "pageviews";
    for (Map.Entry<Breakdown, String> f : filter.values().entrySet()) {
      Breakdown by = f.getKey();
      String param = "f_" + by.name().toLowerCase(java.util.Locale.ROOT);
      params.put(param, f.getValue());
      switch (by) {
        case PAGE -> {
          where.add(":" + param + " = any(pages)");
          // Filtered to a page, page views are that page's views (the Top pages row).
          pageviews = "cardinality(array_positions(pages, :" + param + "::text))";
        }
        case NOT_FOUND -> where.add(":" + param + " = any(not_found)");
        default -> where.add(by.visitColumn() + " = :" + param);
      }
    }
    if (filter.goal() != null) {
      Goal g = filter.goal();
      if (g.kind() == Goal.Kind.EVENT) {
        params.put("f_goal", g.target());
        where.add(":f_goal = any(events)");
      } else {
        params.put("f_goal", Goal.regexOf(g.target()));
        where.add("exists (select 1 from unnest(pages) gp where gp ~ :f_goal)");
      }
    }
    DashboardFilter.PropertyValue prop = filter.property();
    String propMatch = "true";
    if (prop != null) {
      params.put("f_pe", prop.event());
      params.put("f_pk", prop.key());
      params.put("f_pv", prop.value());
      where.add(
          "exists (select 1 from unnest(props) fp where (fp::jsonb)->>0 = :f_pe"
              + " and (fp::jsonb)->1->>(:f_pk::text) = :f_pv)");
      propMatch = "x->>0 = :f_pe and kv.key = :f_pk and kv.value = :f_pv";
    }

    if (ask.customEventsOnly()) {
      where.add("cardinality(events) > 0");
    }
    StringBuilder sql = new StringBuilder();
    // The visits that pass the filter: "v", narrow and read once, for the totals and the
    // breakdowns; the parts that need a visit's lists of pages or events read them from the table
    // with the same condition, so the lists are never copied into the materialised rows.
    StringBuilder passing =
        new StringBuilder(" analytics_visit where property_id = :p and day between :from and :to");
    for (String w : where) {
      passing.append(" and ").append(w);
    }
    String visits = " from" + passing;
    sql.append("with v as materialized (select day, visitor_id, pageviews, duration_s, ")
        .append(pageviews)
        .append(" as pv, entry_page, exit_page, source, channel, browser, os, device, country,")
        .append(" utm_source, utm_medium, utm_campaign")
        .append(visits)
        .append(")\n");
    sql.append(
        """
        select 'total' as kind, null::text as dim, null::text as value, null::text as extra,
               day, count(distinct visitor_id) as visitors, count(*) as visits,
               sum(pv) as pageviews, count(*) filter (where pageviews <= 1) as bounces,
               sum(duration_s) as duration_s
        from v group by day
        """);

    List<Breakdown> dims =
        ask.breakdowns().stream().filter(b -> !b.countsPageViews()).sorted().toList();
    if (!dims.isEmpty()) {
      params.put("limit", ask.limit());
      StringBuilder values = new StringBuilder();
      for (Breakdown b : dims) {
        values.append(values.isEmpty() ? "" : ", ");
        values.append("('").append(b.dimension()).append("', ").append(b.visitColumn()).append(")");
      }
      sql.append(
              """
              union all
              select 'dimension', dim, value, null, null, visitors, visits, pageviews, bounces,
                     duration_s
              from (
                select dim, value, sum(visitors) as visitors, sum(visits) as visits,
                       sum(pageviews) as pageviews, sum(bounces) as bounces,
                       sum(duration_s) as duration_s,
                       row_number() over (partition by dim order by sum(visitors) desc,
                                          sum(visits) desc, sum(pageviews) desc, value) as rank
                from (
                  select day, d.dim, d.value, count(distinct visitor_id) as visitors,
                         count(*) as visits, sum(pv) as pageviews,
                         count(*) filter (where pageviews <= 1) as bounces,
                         sum(duration_s) as duration_s
                  from v, lateral (values\s""")
          .append(values)
          .append(
              """
              ) as d(dim, value)
                  where d.value is not null
                  group by day, d.dim, d.value
                ) per_day
                group by dim, value
              ) ranked where rank <= :limit
              """);
    }
    if (ask.breakdowns().contains(Breakdown.PAGE)) {
      params.put("page_limit", ask.pageLimit());
      String only =
          filter.values().containsKey(Breakdown.PAGE) ? " and u.path = :f_page::text" : "";
      sql.append(
              """
              union all
              select 'page', null, path, null, null, visitors, entries, views, 0, 0
              from (
                select p.path, sum(p.visitors) as visitors, sum(coalesce(e.entries, 0)) as entries,
                       sum(p.views) as views,
                       row_number() over (order by sum(p.views) desc, p.path) as rank
                from (
                  select day, u.path, count(distinct visitor_id) as visitors, count(*) as views
                  from analytics_visit, unnest(pages) as u(path)""")
          .append(passing.toString().replace(" analytics_visit where ", " where "))
          .append(only)
          .append(
              """

                  group by day, u.path
                ) p
                left join (
                  select day, entry_page, count(*) as entries from v
                  where entry_page is not null group by day, entry_page
                ) e on e.day = p.day and e.entry_page = p.path
                group by p.path
              ) ranked where rank <= :page_limit
              """);
    }
    if (ask.breakdowns().contains(Breakdown.NOT_FOUND)) {
      params.put("page_limit", ask.pageLimit());
      String only =
          filter.values().containsKey(Breakdown.NOT_FOUND)
              ? " and u.path = :f_not_found::text"
              : "";
      sql.append(
              """
              union all
              select 'not_found', null, path, null, null, visitors, 0, views, 0, 0
              from (
                select path, sum(visitors) as visitors, sum(views) as views,
                       row_number() over (order by sum(views) desc, path) as rank
                from (
                  select day, u.path, count(distinct visitor_id) as visitors, count(*) as views
                  from analytics_visit, unnest(not_found) as u(path)""")
          .append(passing.toString().replace(" analytics_visit where ", " where "))
          .append(only)
          .append(
              """

                  group by day, u.path
                ) p group by path
              ) ranked where rank <= :page_limit
              """);
    }
    Map<String, Goal> goalKeys = new LinkedHashMap<>();
    for (int i = 0; i < ask.goals().size(); i++) {
      Goal g = ask.goals().get(i);
      String key = "g" + i;
      goalKeys.put(key, g);
      params.put(key, g.kind() == Goal.Kind.EVENT ? g.target() : Goal.regexOf(g.target()));
      String perVisit =
          g.kind() == Goal.Kind.EVENT
              ? "cardinality(array_positions(events, :" + key + "::text))"
              : "(select count(*) from unnest(pages) gp where gp ~ :" + key + ")";
      sql.append("union all select 'goal', '")
          .append(key)
          .append(
              "', null, null, null, coalesce(sum(visitors), 0), coalesce(sum(visits), 0),"
                  + " coalesce(sum(conversions), 0), 0, 0 from (select day,"
                  + " count(distinct visitor_id) as visitors, count(*) as visits,"
                  + " sum(n) as conversions from (select day, visitor_id, ")
          .append(perVisit)
          .append(" as n")
          .append(visits)
          .append(") c where n > 0 group by day) per_day\n");
    }
    if (ask.propLimit() > 0) {
      params.put("prop_limit", ask.propLimit());
      sql.append(
              """
              union all
              select 'prop', name, key, value, null, visitors, 0, events, 0, 0
              from (
                select name, key, value, sum(visitors) as visitors, sum(events) as events,
                       row_number() over (order by sum(visitors) desc, sum(events) desc, name,
                                          key, value) as rank
                from (
                  select day, x->>0 as name, kv.key, kv.value,
                         count(distinct visitor_id) as visitors, count(*) as events
                  from analytics_visit, unnest(props) as pr(item),
                       lateral (select pr.item::jsonb as x) j, jsonb_each_text(j.x->1) kv""")
          .append(passing.toString().replace(" analytics_visit where ", " where "))
          .append(" and ")
          .append(propMatch)
          .append(
              """

                  group by day, x->>0, kv.key, kv.value
                ) per_day group by name, key, value
              ) ranked where rank <= :prop_limit
              """);
    }

    Map<LocalDate, DashboardTotals> daily = new TreeMap<>();
    Map<Breakdown, List<DashboardRow>> rows = new EnumMap<>(Breakdown.class);
    ask.breakdowns().forEach(b -> rows.put(b, new ArrayList<>()));
    Map<Goal, long[]> goals = new LinkedHashMap<>();
    ask.goals().forEach(g -> goals.put(g, new long[2]));
    List<PropertyRow> props = new ArrayList<>();
    tx.executeWithoutResult(
        status -> {
          jdbc.sql("set local work_mem = '" + WORK_MEM + "'").update();
          JdbcClient.StatementSpec spec = jdbc.sql(sql.toString());
          for (Map.Entry<String, Object> p : params.entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
          }
          spec.query(
              rs -> {
                switch (rs.getString("kind")) {
                  case "total" ->
                      daily.put(
                          rs.getObject("day", LocalDate.class),
                          AnalyticsDashboard.TOTALS.mapRow(rs, 0));
                  case "dimension" ->
                      rows.get(Breakdown.ofDimension(rs.getString("dim")))
                          .add(AnalyticsDashboard.row(rs, 0));
                  case "page" -> rows.get(Breakdown.PAGE).add(AnalyticsDashboard.row(rs, 0));
                  case "not_found" ->
                      rows.get(Breakdown.NOT_FOUND).add(AnalyticsDashboard.row(rs, 0));
                  case "goal" ->
                      goals.put(
                          goalKeys.get(rs.getString("dim")),
                          new long[] {rs.getLong("visitors"), rs.getLong("pageviews")});
                  default ->
                      props.add(
                          new PropertyRow(
                              rs.getString("dim"),
                              rs.getString("value"),
                              rs.getString("extra"),
                              rs.getLong("visitors"),
                              rs.getLong("pageviews")));
                }
              });
        });
    return new Answer(daily, rows, goals, props);
  }
}
