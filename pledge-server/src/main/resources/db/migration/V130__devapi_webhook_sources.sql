-- Webhook events from every path, not only the API's own (issue 15).

-- image.deleted, whichever way an image goes: deleted in the studio, with its project, through the
-- API, or emptied by retention (its last version expired: the API no longer finds it). Triggers
-- catch them all where the rows go; the webhook task turns new rows into events. An image is
-- announced once (the row stays, marked, until the account is erased). user.api.integration.
create table api_image_deleted (
    image_id     text primary key,
    account_id   text        not null,          -- the image's owner
    deleted_at   timestamptz not null,
    announced_at timestamptz                    -- null until the webhook task handled it
);
create index api_image_deleted_new on api_image_deleted (deleted_at) where announced_at is null;
create index api_image_deleted_account on api_image_deleted (account_id);

create function api_note_image_deleted() returns trigger language plpgsql as $$
begin
    insert into api_image_deleted (image_id, account_id, deleted_at)
    values (old.image_id, old.account_id, clock_timestamp())
    on conflict (image_id) do nothing;
    return old;
end
$$;

create trigger api_image_deleted after delete on image
    for each row execute function api_note_image_deleted();

create function api_note_last_version_deleted() returns trigger language plpgsql as $$
begin
    if exists (select 1 from image where image_id = old.image_id)
       and not exists (select 1 from image_version where image_id = old.image_id) then
        insert into api_image_deleted (image_id, account_id, deleted_at)
        select image_id, account_id, clock_timestamp() from image where image_id = old.image_id
        on conflict (image_id) do nothing;
    end if;
    return old;
end
$$;

create trigger api_last_version_deleted after delete on image_version
    for each row execute function api_note_last_version_deleted();

-- credits.low: whether the account's balance was last seen below its threshold, so the event goes
-- once per crossing, not on every charge. user.api.integration.
create table api_credit_alert (
    account_id   text primary key,
    low          boolean     not null,
    balance      bigint      not null,
    changed_at   timestamptz not null
);

-- system.performance kept as the policy says (aggregate-then-delete, aggregates permanent): whole
-- UTC days of api_request past their 90 days are summed up here and deleted in one transaction.
-- Route patterns and counts only: no account, no key, no id — nothing that leads to a person.
create table api_request_daily (
    day          date        not null,
    method       text        not null,
    route        text        not null,
    requests     bigint      not null,
    errors       bigint      not null,          -- status 400 and above
    rate_limited bigint      not null,          -- status 429
    p50_ms       double precision,
    p95_ms       double precision,
    p99_ms       double precision,
    primary key (day, method, route)
);
