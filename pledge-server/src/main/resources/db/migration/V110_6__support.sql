-- The image studio's support, feedback and marketing e-mail (support module). Every table with a
-- person's data names the account in an indexed account_id column, so erasure, export and retention
-- find it.

-- Support tickets (user.communications.support): kept 5 years after the last message (B-21), the
-- policy's anchor last-message, read from last_message_at; messages go with their ticket.
create table support_ticket (
    ticket_id       text primary key,          -- T-XXXX-XXXX, random: an id never tells another's
    property_id     text        not null,
    account_id      text        not null,
    subject         text        not null,
    category        text        not null,      -- from pledge.support.categories
    status          text        not null,      -- open, waiting (for the person), answered, closed
    reply_key       text        not null,      -- in the subject of the e-mails about this ticket:
                                               -- an e-mailed reply is matched by it and its sender
    created_at      timestamptz not null,
    last_message_at timestamptz not null,
    closed_at       timestamptz
);
create index support_ticket_account on support_ticket (account_id);
create index support_ticket_last_message on support_ticket (last_message_at);
create index support_ticket_status on support_ticket (status, last_message_at);
create unique index support_ticket_reply_key on support_ticket (reply_key);

create table support_message (
    id         bigserial primary key,
    ticket_id  text        not null references support_ticket on delete cascade,
    author     text        not null,   -- person, support
    operator   text,                   -- the console operator who wrote a support message
    via        text        not null,   -- studio, email, console
    body       text        not null,
    created_at timestamptz not null
);
create index support_message_ticket on support_message (ticket_id, created_at);

-- A ticket turned into a rights request (B-29): the request's reference, shown in the ticket.
create table support_ticket_request (
    ticket_id  text        not null references support_ticket on delete cascade,
    reference  text        not null,
    created_at timestamptz not null,
    primary key (ticket_id, reference)
);

-- Messages of the support mailbox already handled: the SHA-256 of the Message-ID and what became
-- of it, so that a message is handled once even after a crash. No address, no subject.
create table support_mail_message (
    mailbox      text        not null,
    message_hash text        not null,
    outcome      text        not null,
    processed_at timestamptz not null,
    primary key (mailbox, message_hash)
);
create index support_mail_message_processed on support_mail_message (processed_at);

-- Feedback (user.communications.feedback): a rating and a comment on something the person rated —
-- an edit or a version (subject_ref, opaque: the images module names its own things) or the studio
-- itself. Kept 5 years from when it was given (the policy's support retention, anchor last-message:
-- a feedback entry is its own last message). training_state: pending until copied, anonymised, into
-- training_feedback — only while the person does not object (B-40).
create table support_feedback (
    feedback_id    text primary key,
    property_id    text        not null,
    account_id     text        not null,
    kind           text        not null,   -- edit, version, general
    subject_ref    text,
    rating         smallint    not null check (rating between 1 and 5),
    comment        text,
    created_at     timestamptz not null,
    training_state text        not null default 'pending',   -- pending, copied
    copied_at      timestamptz
);
create index support_feedback_account on support_feedback (account_id);
create index support_feedback_created on support_feedback (created_at);
create index support_feedback_pending on support_feedback (created_at) where training_state = 'pending';

-- Anonymised feedback for model improvement (user.derived.training_feedback, B-05, B-40): no
-- account, no reference to what was rated, the comment scrubbed of addresses, numbers, links and
-- names, the day instead of the time. Holds no personal data; kept permanently.
create table training_feedback (
    id          text primary key,          -- random, so the order of rows tells nothing
    property_id text not null,
    kind        text not null,
    rating      smallint not null check (rating between 1 and 5),
    comment     text,
    day         date not null
);
create index training_feedback_day on training_feedback (day);

-- Marketing preferences (user.communications.marketing, consent): one row per account and topic.
-- pending: asked for, waiting for the e-mailed confirmation (double opt-in); subscribed: confirmed;
-- unsubscribed: withdrawn (kept as the record of consent while the account is).
create table marketing_subscription (
    account_id      text        not null,
    topic           text        not null,
    status          text        not null,
    requested_at    timestamptz not null,
    confirmed_at    timestamptz,
    unsubscribed_at timestamptz,
    unsubscribed_by text,                  -- settings, link, one-click, mail, account
    primary key (account_id, topic)
);
create index marketing_subscription_topic on marketing_subscription (topic, status);

-- The single-use confirmation link of a subscription (its SHA-256), the topics it confirms.
create table marketing_confirmation (
    token_hash bytea primary key,
    account_id text        not null,
    topics     text[]      not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index marketing_confirmation_account on marketing_confirmation (account_id);

-- The unsubscribe token of each marketing e-mail sent (its SHA-256; RFC 8058 one-click): it
-- unsubscribes its recipient from the e-mail's topic, with no session.
create table marketing_unsubscribe (
    token_hash  bytea primary key,
    account_id  text        not null,
    topic       text        not null,
    campaign_id bigint      not null,
    created_at  timestamptz not null,
    used_at     timestamptz
);
create index marketing_unsubscribe_account on marketing_unsubscribe (account_id);

-- A campaign an operator sent to a topic: what and how many, no recipient.
create table marketing_campaign (
    id                bigserial primary key,
    property_id       text        not null,
    topic             text        not null,
    subject           text        not null,
    body              text        not null,
    created_by        text        not null,   -- the console operator
    created_at        timestamptz not null,
    sent              int         not null,
    skipped_minor     int         not null,
    skipped_objection int         not null
);

-- Per-message headers of the studio's outbox (RFC 8058 List-Unsubscribe on marketing e-mail), as a
-- JSON object; cleared with the body once sent, since an unsubscribe link carries a token.
alter table studio_mail add column headers text;
