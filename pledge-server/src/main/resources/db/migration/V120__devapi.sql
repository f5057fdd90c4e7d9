-- The developer API (issue 15). Every row is the account's (user.api.integration, erased with the
-- account), except api_request's timings, which are system.performance (P90D).

-- API keys: only the SHA-256 of the secret is kept; the key itself is shown once.
create table api_key (
    key_id       text primary key,              -- random UUID
    account_id   text        not null,          -- who made it (and is charged for its edits)
    team_id      text,                          -- a team key reaches only that team's projects
    name         text        not null,
    prefix       text        not null,          -- pst_live_ and the first characters, for lists
    secret_hash  bytea       not null unique,
    scopes       text        not null,          -- read,edit,delete
    created_at   timestamptz not null,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_key_account on api_key (account_id);

-- Idempotency-Key of POSTs: the first answer is kept and replayed for 24 hours.
create table api_idempotency (
    account_id   text        not null,
    idem_key     text        not null,
    fingerprint  text        not null,          -- method, path and SHA-256 of the body
    status       int,                            -- null while the first request runs
    content_type text,
    body         bytea,
    created_at   timestamptz not null,
    primary key (account_id, idem_key)
);
create index api_idempotency_created on api_idempotency (created_at);

-- Rate-limit counters, shared by every server instance: one row per bucket and window.
create table api_rate_window (
    bucket       text        not null,          -- key:{id} or account:{id}
    window_start timestamptz not null,
    hits         int         not null,
    primary key (bucket, window_start)
);

-- One row per API request: usage per key and endpoint, and its latency.
create table api_request (
    request_id   bigserial primary key,
    account_id   text        not null,
    key_id       text        not null,
    method       text        not null,
    route        text        not null,          -- the route's pattern, never the ids
    status       int         not null,
    duration_ms  int         not null,
    created_at   timestamptz not null
);
create index api_request_account on api_request (account_id, created_at);
create index api_request_created on api_request (created_at);

-- The account's API settings: whether its usage may feed product analytics (B-28).
create table api_setting (
    account_id   text primary key,
    share_usage  boolean     not null,
    updated_at   timestamptz not null
);

-- Webhook endpoints, their secrets wrapped by the master key, and every delivery.
create table api_webhook (
    webhook_id   text primary key,
    account_id   text        not null,
    url          text        not null,
    events       text        not null,          -- job.succeeded,job.failed,image.deleted,credits.low
    secret       bytea       not null,          -- whsec_ secret, wrapped
    created_at   timestamptz not null,
    disabled_at  timestamptz
);
create index api_webhook_account on api_webhook (account_id);

create table api_webhook_delivery (
    delivery_id  text primary key,              -- msg_… (the webhook-id header)
    webhook_id   text        not null references api_webhook (webhook_id) on delete cascade,
    account_id   text        not null,
    event        text        not null,
    payload      text        not null,
    state        text        not null,          -- pending, delivered, failed
    attempts     int         not null default 0,
    last_status  int,
    last_error   text,
    next_at      timestamptz,
    created_at   timestamptz not null,
    delivered_at timestamptz
);
create index api_webhook_delivery_account on api_webhook_delivery (account_id, created_at);
create index api_webhook_delivery_due on api_webhook_delivery (next_at) where state = 'pending';

-- Where the job notifier has read up to.
create table api_webhook_cursor (
    name         text primary key,
    seen_until   timestamptz not null
);
