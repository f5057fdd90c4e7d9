-- Notices of rights requests (issue 6): e-mails to requesters (extension, completion, rejection,
-- export link, erasure receipt) and reminders to operators, kept as an outbox so a mail-server
-- outage delays a notice instead of losing it. A requester's address is not copied here: it is read
-- from the request when the notice is sent. Bodies are cleared once sent (an export link's token
-- must not be kept).
create table rights_notice (
    id              bigserial primary key,
    request_id      bigint references rights_request (id) on delete cascade, -- null: to operators
    kind            text        not null,
    dedup_key       text        not null unique,   -- the same notice is queued once
    subject         text        not null,
    body            text,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        int         not null default 0,
    last_error      text,                           -- the failure's kind only, never its message
    sent_at         timestamptz
);
create index rights_notice_pending on rights_notice (next_attempt_at) where sent_at is null;

-- Erasures run as a db-scheduler job keyed by the request: one row per request, so scheduling
-- twice is harmless and the job completes the request once.
create table rights_request_erasure (
    request_id   bigint primary key references rights_request (id) on delete cascade,
    scheduled_at timestamptz not null,
    scheduled_by text        not null,
    runs         int         not null default 0,
    finished_at  timestamptz,
    receipt      text                               -- the last run's receipt, JSON, no personal data
);

-- Deadline reminders to operators: each open request at most once per day.
create table rights_request_reminder (
    request_id bigint not null references rights_request (id) on delete cascade,
    day        date   not null,
    primary key (request_id, day)
);
