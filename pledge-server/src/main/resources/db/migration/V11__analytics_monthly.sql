-- Monthly rollups: the daily rollups of each month summed, so that a dashboard range of years reads
-- a few dozen rows per value instead of a thousand. Derived from the daily tables only, never from
-- raw events: raw days are dropped after the policy's retention, the daily rollups are kept.
-- Visitors are summed per day here too (the daily salt makes every day's visitors new). Totals
-- have no monthly table: one row a day is few enough.

create table analytics_monthly_page (
    property_id  text    not null,
    month        date    not null check (extract(day from month) = 1),
    path         text    not null,
    not_found    boolean not null,
    pageviews    bigint  not null,
    visitors     bigint  not null,
    entries      bigint  not null,
    engagement_s bigint  not null,
    primary key (property_id, month, path, not_found)
);

create table analytics_monthly_dimension (
    property_id text   not null,
    month       date   not null check (extract(day from month) = 1),
    dimension   text   not null,
    value       text   not null,
    visitors    bigint not null,
    visits      bigint not null,
    pageviews   bigint not null,
    bounces     bigint not null,
    duration_s  bigint not null,
    primary key (property_id, month, dimension, value)
);

-- Recomputes one property's month from its daily rollups. The one definition of a monthly row:
-- the rollup calls it in the transaction that recomputes a day, and anything else that writes
-- daily rows (this migration, benchmark data, test data) calls it for the months it touched.
create function analytics_refresh_month(p_property_id text, p_month date) returns void
language sql as $$
    delete from analytics_monthly_page where property_id = p_property_id and month = p_month;
    delete from analytics_monthly_dimension where property_id = p_property_id and month = p_month;
    insert into analytics_monthly_page
        (property_id, month, path, not_found, pageviews, visitors, entries, engagement_s)
    select property_id, p_month, path, not_found,
           sum(pageviews), sum(visitors), sum(entries), sum(engagement_s)
    from analytics_daily_page
    where property_id = p_property_id
      and day >= p_month and day < (p_month + interval '1 month')::date
    group by property_id, path, not_found;
    insert into analytics_monthly_dimension
        (property_id, month, dimension, value, visitors, visits, pageviews, bounces, duration_s)
    select property_id, p_month, dimension, value,
           sum(visitors), sum(visits), sum(pageviews), sum(bounces), sum(duration_s)
    from analytics_daily_dimension
    where property_id = p_property_id
      and day >= p_month and day < (p_month + interval '1 month')::date
    group by property_id, dimension, value;
$$;

select analytics_refresh_month(property_id, month)
from (select property_id, date_trunc('month', day)::date as month from analytics_daily_page
      union
      select property_id, date_trunc('month', day)::date from analytics_daily_dimension) months;
