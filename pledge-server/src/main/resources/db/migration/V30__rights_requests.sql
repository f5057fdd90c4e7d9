-- Rights requests (issue 6). The requester's address is personal data: it is kept here, in one
-- indexed column, so a later erasure or export of that person finds it; nothing else repeats it.
create table rights_request (
    id                      bigserial primary key,
    reference               text        not null unique,   -- R-XXXX-XXXX, shown to the requester
    property_id             text        not null,
    kind                    text        not null,
    purpose                 text,                          -- objections only
    channel                 text        not null,
    channel_id              text,                          -- the policy's channel id, if any
    requester_address       text,                          -- e-mail address to answer
    subject_id              text,                          -- account or other subject reference
    law_id                  text,                          -- null: unknown, strictest applied
    urgent                  boolean     not null default false,
    status                  text        not null,
    received_at             timestamptz not null,
    due_at                  timestamptz,
    due_basis               text        not null,
    extended_due_at         timestamptz,                   -- latest date an extension may set
    extension_reason        text,
    acknowledged_at         timestamptz,                   -- acknowledgement e-mail sent
    verification_hash       bytea,                         -- SHA-256 of the single-use token
    verification_expires_at timestamptz,
    closed_at               timestamptz,
    last_activity_at        timestamptz not null
);

create index rights_request_requester on rights_request (lower(requester_address));
create index rights_request_subject on rights_request (subject_id);
create index rights_request_open on rights_request (due_at)
    where status not in ('completed', 'rejected', 'expired');
create index rights_request_unacknowledged on rights_request (received_at)
    where acknowledged_at is null and requester_address is not null;
create unique index rights_request_verification on rights_request (verification_hash)
    where verification_hash is not null;

-- Every status change and extension, with who made it.
create table rights_request_event (
    id         bigserial primary key,
    request_id bigint      not null references rights_request (id) on delete cascade,
    at         timestamptz not null,
    status     text        not null,
    event      text        not null,   -- 'status' or 'extended'
    note       text,
    actor      text        not null
);
create index rights_request_event_request on rights_request_event (request_id, at);

-- Messages of the privacy mailbox already handled, by a hash of their Message-ID, so a message is
-- turned into a request exactly once even when marking it \Seen failed.
create table rights_mail_message (
    mailbox      text        not null,
    message_hash text        not null,
    outcome      text        not null,   -- 'request' or 'skipped: <why>'
    reference    text,
    processed_at timestamptz not null,
    primary key (mailbox, message_hash)
);
