package dev.pledge.server.analytics;

/**
 * The one definition of a visit, shared by the rollup (for closed days) and the live dashboard (for
 * today): a visitor's events with no gap longer than 30 minutes. Visits are derived, never stored —
 * there is no session cookie and no session table.
 *
 * <p>The window functions over a day's events are the expensive part, so callers compute them once
 * ({@link #VISITS}) and derive totals, pages and dimensions from the result in the same statement.
 */
final class VisitSql {

  private VisitSql() {}

  /**
   * CTEs {@code ev} (the day's events with visit numbers) and {@code visits} (one row per visit)
   * for {@code :property} and the days in [{@code :from}, {@code :to}], materialised once for
   * everything derived from them.
   */
  static final String VISITS =
      """
      ev as materialized (
        select e.*,
               sum(case when prev is null or received_at - prev > interval '30 minutes'
                        then 1 else 0 end)
                 over (partition by day, visitor_id order by received_at
                       rows unbounded preceding) as visit_no
        from (
          select e.*, lag(received_at) over (partition by day, visitor_id order by received_at) as prev
          from analytics_event e
          where property_id = :property and day between :from and :to
        ) e
      ),
      visits as materialized (
        select day, visitor_id, visit_no,
               count(*) filter (where name = 'pageview') as pageviews,
               extract(epoch from max(received_at) - min(received_at))::bigint
                 + coalesce(sum(engagement_ms) filter (where name = 'engagement'), 0) / 1000
                 as duration_s,
               (array_agg(path order by received_at) filter (where name = 'pageview'))[1]
                 as entry_page,
               (array_agg(path order by received_at desc) filter (where name = 'pageview'))[1]
                 as exit_page,
               min(received_at) as started_at,
               coalesce(array_agg(path order by received_at) filter (where name = 'pageview'),
                        '{}') as pages,
               coalesce(array_agg(path order by received_at) filter (where name = '404'),
                        '{}') as not_found,
               coalesce(array_agg(name order by received_at)
                          filter (where name not in ('pageview', 'engagement', '404')),
                        '{}') as events,
               coalesce(array_agg(json_build_array(name, props::json)::text order by received_at)
                          filter (where props is not null), '{}') as props,
               (array_agg(source order by received_at))[1] as source,
               (array_agg(channel order by received_at))[1] as channel,
               (array_agg(browser order by received_at))[1] as browser,
               (array_agg(os order by received_at))[1] as os,
               (array_agg(device order by received_at))[1] as device,
               (array_agg(country order by received_at))[1] as country,
               (array_agg(utm_source order by received_at))[1] as utm_source,
               (array_agg(utm_medium order by received_at))[1] as utm_medium,
               (array_agg(utm_campaign order by received_at))[1] as utm_campaign
        from ev
        group by day, visitor_id, visit_no
      )
      """;

  /** Per-day totals from {@code visits}: day, visitors, visits, pageviews, bounces, duration_s. */
  static final String TOTALS =
      """
      select day,
             count(distinct visitor_id) as visitors,
             count(*) as visits,
             sum(pageviews) as pageviews,
             count(*) filter (where pageviews <= 1) as bounces,
             sum(duration_s) as duration_s
      from visits group by day
      """;

  /**
   * Per-day, per-page measures from {@code ev} and {@code visits}, 404 views kept apart: day, path,
   * not_found, pageviews, visitors, entries, engagement_s.
   */
  static final String PAGES =
      """
      select p.day, p.path, p.not_found, p.pageviews, p.visitors,
             coalesce(en.entries, 0) as entries, p.engagement_s
      from (
        select day, path, name = '404' as not_found,
               count(*) filter (where name in ('pageview', '404')) as pageviews,
               count(distinct visitor_id) as visitors,
               coalesce(sum(engagement_ms), 0) / 1000 as engagement_s
        from ev group by day, path, name = '404'
      ) p
      left join (
        select day, entry_page as path, count(*) as entries from visits
        where entry_page is not null group by day, entry_page
      ) en on en.day = p.day and en.path = p.path and not p.not_found
      where p.pageviews > 0 or p.engagement_s > 0
      """;

  /**
   * Per-day measures for each visit dimension from {@code visits}: day, dimension, value, visitors,
   * visits, pageviews, bounces, duration_s.
   */
  static final String DIMENSIONS =
      """
      select day, dimension, value,
             count(distinct visitor_id) as visitors, count(*) as visits,
             sum(pageviews) as pageviews,
             count(*) filter (where pageviews <= 1) as bounces,
             sum(duration_s) as duration_s
      from (
        select day, visitor_id, pageviews, duration_s, d.dimension, d.value
        from visits,
        lateral (values ('source', source), ('channel', channel), ('browser', browser),
                        ('os', os), ('device', device), ('country', country),
                        ('utm_source', utm_source), ('utm_medium', utm_medium),
                        ('utm_campaign', utm_campaign), ('entry_page', entry_page),
                        ('exit_page', exit_page))
                as d(dimension, value)
        where d.value is not null
      ) dims
      group by day, dimension, value
      """;

  /** Inserts the rows of {@code visits} into analytics_visit, for {@code :property}. */
  static final String INSERT_VISITS =
      """
      insert into analytics_visit (property_id, day, visitor_id, started_at, pageviews, duration_s,
        entry_page, exit_page, source, channel, browser, os, device, country, utm_source,
        utm_medium, utm_campaign, pages, not_found, events, props)
      select :property, day, visitor_id, started_at, pageviews, duration_s, entry_page, exit_page,
             source, channel, browser, os, device, country, utm_source, utm_medium, utm_campaign,
             pages, not_found, events, props
      from visits
      """;

  /** Custom events per day from {@code ev}: day, name, visitors, visits, events. */
  static final String EVENTS =
      """
      select day, name, count(distinct visitor_id) as visitors,
             count(distinct (visitor_id, visit_no)) as visits, count(*) as events
      from ev where name not in ('pageview', 'engagement', '404')
      group by day, name
      """;

  /** Custom event properties per day from {@code ev}: day, name, key, value, visitors, events. */
  static final String EVENT_PROPS =
      """
      select day, name, p.key, p.value, count(distinct visitor_id) as visitors, count(*) as events
      from ev, jsonb_each_text(ev.props::jsonb) p
      where ev.props is not null
      group by day, name, p.key, p.value
      """;

  /**
   * Conversions per day of each page goal of {@code :property} from {@code visits}: day, pattern,
   * visitors, visits, conversions (the matching page views).
   */
  static final String PAGE_GOALS =
      """
      select v.day, g.page_pattern as pattern, count(distinct v.visitor_id) as visitors,
             count(*) as visits, sum(m.n) as conversions
      from visits v
      join analytics_goal g on g.property_id = :property and g.kind = 'page'
      cross join lateral (select count(*) as n from unnest(v.pages) p where p ~ g.page_regex) m
      where m.n > 0
      group by v.day, g.page_pattern
      """;
}
