-- Issue 12: a dashboard that filters, custom events with declared properties, and goals.

-- Custom event properties, reduced at the door: only the keys the policy declares for the event,
-- each value scrubbed like a page address. JSON text (not jsonb) so that `pledge verify`'s scan for
-- raw addresses reads it like every other text column.
alter table analytics_event add column props text;

-- One row per visit, derived from the raw events by the rollup (closed days) and by the live
-- computation (today): what the dashboard filters by. Raw data like the events it comes from —
-- visitor_id is the same daily-salted hash — so it is partitioned the same way (per property, per
-- day) and its day is dropped with the events' day when the policy's raw retention ends (A-18).
create table analytics_visit (
    property_id  text        not null,
    day          date        not null,
    visitor_id   bigint      not null,
    started_at   timestamptz not null,
    pageviews    integer     not null,
    duration_s   bigint      not null,
    entry_page   text,
    exit_page    text,
    source       text        not null,
    channel      text        not null,
    browser      text        not null,
    os           text        not null,
    device       text        not null,
    country      text,
    utm_source   text,
    utm_medium   text,
    utm_campaign text,
    -- every page viewed, in order (a page viewed twice is there twice), then the 404s
    pages        text[]      not null,
    not_found    text[]      not null,
    -- the visit's custom events, in order, and each one's kept properties as ["name", {...}]
    events       text[]      not null,
    props        text[]      not null
) partition by list (property_id);

-- Custom events per day: anonymous aggregates, kept indefinitely like the other rollups (A-18).
create table analytics_daily_event (
    property_id text   not null,
    day         date   not null,
    name        text   not null,
    visitors    bigint not null,
    visits      bigint not null,
    events      bigint not null,
    primary key (property_id, day, name)
);

create table analytics_daily_event_prop (
    property_id text   not null,
    day         date   not null,
    name        text   not null,
    key         text   not null,
    value       text   not null,
    visitors    bigint not null,
    events      bigint not null,
    primary key (property_id, day, name, key, value)
);

-- Goals the operator sets in the console: a custom event, or pages whose path matches a pattern
-- ('*' one path segment, '**' anything). page_regex is the pattern translated once, in Java.
create table analytics_goal (
    id            bigint generated always as identity primary key,
    property_id   text        not null,
    kind          text        not null check (kind in ('event', 'page')),
    event_name    text,
    page_pattern  text,
    page_regex    text,
    counted_from  date,
    created_at    timestamptz not null default now(),
    check ((kind = 'event') = (event_name is not null)),
    check ((kind = 'page') = (page_pattern is not null and page_regex is not null))
);
create unique index analytics_goal_unique
    on analytics_goal (property_id, kind, coalesce(event_name, page_pattern));

-- Page goals per day, computed from the visits by the rollup for the goals set at the time, and
-- for the kept days when a goal is added. Event goals need no table of their own: they are read
-- from analytics_daily_event, which every declared event has from its first day.
create table analytics_daily_page_goal (
    property_id text   not null,
    day         date   not null,
    pattern     text   not null,
    visitors    bigint not null,
    visits      bigint not null,
    conversions bigint not null,
    primary key (property_id, day, pattern)
);

-- Days whose raw events are still kept are rolled up again, so that they get their visits and
-- exit pages. Only days with a raw partition: a day without one would be recomputed from nothing.
insert into analytics_dirty (property_id, day)
select r.property_id, r.day
from analytics_rollup r
join (select p.relname as parent, to_date(right(c.relname, 8), 'YYYYMMDD') as day
      from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      where p.relname like 'analytics\_event\_%' and c.relname ~ '_[0-9]{8}$') kept
  on kept.parent = 'analytics_event_' || replace(r.property_id, '-', '_') and kept.day = r.day
on conflict do nothing;
