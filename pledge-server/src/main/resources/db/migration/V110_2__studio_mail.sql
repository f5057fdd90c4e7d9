-- The image studio's mail outbox (studio module): e-mails are queued in the transaction that
-- decided them and sent after it commits, retried while the mail server is away. The address and
-- body are cleared once sent (a body may carry a single-use link); rows go a week later.
create table studio_mail (
    id              bigserial primary key,
    property_id     text        not null,
    account_id      text,                    -- the account it concerns: erased and exported with it
    recipient       text,                    -- personal data until sent, then null
    kind            text        not null,    -- verify-email, reset-password, parent-consent, ...
    subject         text        not null,
    body            text,                    -- null once sent
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        int         not null default 0,
    last_error      text,                    -- the failure's kind only, never its message
    sent_at         timestamptz
);
create index studio_mail_pending on studio_mail (next_attempt_at) where sent_at is null;
create index studio_mail_account on studio_mail (account_id);
create index studio_mail_created on studio_mail (created_at);
