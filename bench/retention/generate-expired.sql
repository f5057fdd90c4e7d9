-- 10 million raw events for 'reference-site' spread over the 30 days from 120 to 91 days ago:
-- all past the policy's 90 days, all rolled up (so the sweep may drop them at once).
\set ON_ERROR_STOP on
set synchronous_commit = off;
do $$
declare
  d date;
  per_day int := 10000000 / 30;
begin
  for back in 91..120 loop
    d := current_date - back;
    execute format(
      'create table if not exists %I partition of analytics_event_reference_site for values from (%L) to (%L)',
      'analytics_event_reference_site_' || to_char(d, 'YYYYMMDD'), d, d + 1);
    insert into analytics_event (property_id, received_at, day, visitor_id, name, path, source,
      channel, browser, os, device)
    select 'reference-site', d + (i % 86400) * interval '1 second', d, (i / 3)::bigint,
           'pageview', '/guide/page-' || (i % 200), 'Google', 'search', 'Firefox', 'Linux',
           'desktop'
    from generate_series(1, per_day) i;
    -- stands for the rollup of the day (the bench measures the drop, not the roll-up)
    insert into analytics_rollup (property_id, day, raw_events, last_event)
    values ('reference-site', d, per_day, d + interval '1 day' - interval '1 second')
    on conflict (property_id, day) do update set raw_events = excluded.raw_events;
  end loop;
end $$;
select count(*) as events_past_retention from analytics_event
where property_id = 'reference-site' and day < current_date - 90;
