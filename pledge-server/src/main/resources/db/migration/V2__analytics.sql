-- Cookieless analytics. Raw events are reduced before they arrive here: no IP address, no
-- user-agent string, no referring URL, no custom properties. visitor_id is a keyed hash under a
-- daily salt (analytics_salt) that is destroyed after 48 hours.

create table analytics_salt (
    day  date  primary key,
    salt bytea not null check (octet_length(salt) = 16)
);

create table analytics_event (
    property_id   text        not null,
    received_at   timestamptz not null,
    day           date        not null,
    visitor_id    bigint      not null,
    name          text        not null,
    path          text        not null,
    source        text        not null,
    channel       text        not null,
    utm_source    text,
    utm_medium    text,
    utm_campaign  text,
    browser       text        not null,
    os            text        not null,
    device        text        not null,
    country       text,
    engagement_ms integer,
    scroll_depth  smallint
) partition by list (property_id);
-- Each property has its own list partition, itself partitioned by day: expiring one property's
-- raw day is a partition drop whatever the other properties keep.

-- No index: every partition holds one property's day, and every reader (rollup, live dashboard)
-- reads a partition whole; an index would only slow the COPY on the ingest path.

-- Daily rollups: anonymous aggregates, kept indefinitely (A-18).
create table analytics_daily_total (
    property_id text   not null,
    day         date   not null,
    visitors    bigint not null,
    visits      bigint not null,
    pageviews   bigint not null,
    bounces     bigint not null,
    duration_s  bigint not null,
    primary key (property_id, day)
);

create table analytics_daily_page (
    property_id text   not null,
    day         date   not null,
    path        text   not null,
    not_found   boolean not null,
    pageviews   bigint not null,
    visitors    bigint not null,
    entries     bigint not null,
    engagement_s bigint not null,
    primary key (property_id, day, path, not_found)
);

-- One table for every per-visit breakdown (source, channel, browser, os, device, country,
-- utm_*): the same measures, keyed by dimension name and value.
create table analytics_daily_dimension (
    property_id text   not null,
    day         date   not null,
    dimension   text   not null,
    value       text   not null,
    visitors    bigint not null,
    visits      bigint not null,
    pageviews   bigint not null,
    bounces     bigint not null,
    duration_s  bigint not null,
    primary key (property_id, day, dimension, value)
);

-- Which days are rolled up, and from how many raw events: a day's raw partition may only be
-- dropped once its rollup is complete (aggregate-then-delete).
create table analytics_rollup (
    property_id text        not null,
    day         date        not null,
    raw_events  bigint      not null,
    last_event  timestamptz,
    computed_at timestamptz not null default now(),
    primary key (property_id, day)
);

-- Days that received events since their last rollup, marked by the writer in the same
-- transaction as the events, so the rollup never has to scan raw data to find work.
create table analytics_dirty (
    property_id text not null,
    day         date not null,
    primary key (property_id, day)
);
