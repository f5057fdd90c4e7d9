-- Dashboard benchmark data for property 'reference-site': 3 years of daily and monthly rollups and
-- 10 million raw events spread over the last 90 days (today included). Run against a Pledge
-- database whose schema is migrated (start Pledge once first).
\set ON_ERROR_STOP on
set synchronous_commit = off;

-- rollups: the 3 years up to yesterday (the raw events below are not marked for roll-up, so
-- these stand for them)
insert into analytics_daily_total (property_id, day, visitors, visits, pageviews, bounces, duration_s)
select 'reference-site', d::date, 900 + (random()*300)::int, 1100 + (random()*300)::int,
       2500 + (random()*500)::int, 500 + (random()*100)::int, 90000 + (random()*9000)::int
from generate_series(current_date - 1095, current_date - 1, interval '1 day') d
on conflict do nothing;

insert into analytics_daily_page (property_id, day, path, not_found, pageviews, visitors, entries, engagement_s)
select 'reference-site', d::date, '/guide/page-' || p, false, (random()*50)::int + 1, (random()*40)::int + 1,
       (random()*20)::int, (random()*900)::int
from generate_series(current_date - 1095, current_date - 1, interval '1 day') d, generate_series(1, 200) p
on conflict do nothing;

insert into analytics_daily_dimension (property_id, day, dimension, value, visitors, visits, pageviews, bounces, duration_s)
select 'reference-site', d::date, dim, dim || '-' || v, (random()*100)::int + 1, (random()*120)::int + 1,
       (random()*300)::int + 1, (random()*40)::int, (random()*9000)::int
from generate_series(current_date - 1095, current_date - 1, interval '1 day') d,
     (values ('source', 60), ('channel', 6), ('browser', 12), ('os', 8), ('device', 3),
             ('entry_page', 200), ('utm_campaign', 20)) as dims(dim, n),
     lateral generate_series(1, n) v
on conflict do nothing;

-- the monthly rollups, summed from the daily ones as the rollup does after each day
do $$
begin
  perform analytics_refresh_month('reference-site', m::date)
  from generate_series(date_trunc('month', current_date - 1095), current_date - 1, interval '1 month') m;
end $$;
vacuum (analyze) analytics_daily_total, analytics_daily_page, analytics_daily_dimension,
  analytics_monthly_page, analytics_monthly_dimension;
