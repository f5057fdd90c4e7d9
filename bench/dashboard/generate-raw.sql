-- 10 million raw events for 'reference-site' over the last 90 days, today included (about
-- 111,000 a day), in the partitions Pledge uses. Visitors make 1-4 page views each.
\set ON_ERROR_STOP on
set synchronous_commit = off;
do $$
declare
  d date;
  per_day int := 10000000 / 90;
begin
  for back in 0..89 loop
    d := current_date - back;
    execute format(
      'create table if not exists %I partition of analytics_event_reference_site for values from (%L) to (%L)',
      'analytics_event_reference_site_' || to_char(d, 'YYYYMMDD'), d, d + 1);
    insert into analytics_event (property_id, received_at, day, visitor_id, name, path, source,
      channel, browser, os, device)
    select 'reference-site', d + (i % 86400) * interval '1 second', d, (i / 3)::bigint,
           'pageview', '/guide/page-' || (1 + (hashtext(i::text) & 255) % 200),
           (array['Direct / None','Google','Bing','DuckDuckGo','news.example.net'])[1 + i % 5],
           (array['direct','search','search','search','referral'])[1 + i % 5],
           (array['Chrome','Firefox','Safari','Edge'])[1 + i % 4],
           (array['Windows NT','Mac OS','Linux','Android','iOS'])[1 + i % 5],
           (array['desktop','mobile','tablet'])[1 + i % 3]
    from generate_series(1, per_day) i;
  end loop;
end $$;
-- vacuumed and analysed now, not by autovacuum while the requests are timed
vacuum (analyze) analytics_event;
