-- Payments at the payment processor (billing module). Card data never reaches Pledge: the person
-- pays on the processor's page, and the processor's signed webhooks tell Pledge what happened.
-- Payment records (user.financial.payment_records) are kept 7 years under the policy's legal hold
-- (B-20): an erasure keeps them but replaces account_id with the erasure's pseudonym.

-- A checkout started at the processor: a plan or a credit pack, for an amount. Our id goes to the
-- processor as its client reference, so its events name the checkout and, through it, the account.
create table billing_checkout (
    id                text primary key,            -- a UUID
    account_id        text        not null,
    kind              text        not null,        -- plan, credits
    plan_id           text,
    pack_id           text,
    credits           bigint,
    amount_cents      bigint      not null,
    currency          text        not null,
    processor         text        not null,        -- the processor's name, as the policy lists it
    processor_session text,                        -- the processor's checkout session (cs_…)
    status            text        not null,        -- open, completed, cancelled
    created_at        timestamptz not null,
    completed_at      timestamptz
);
create index billing_checkout_account on billing_checkout (account_id, created_at);
create index billing_checkout_created on billing_checkout (created_at);
create unique index billing_checkout_session on billing_checkout (processor_session)
    where processor_session is not null;

-- Invoices as the processor issued them (invoice.paid), with the billing details printed on them.
create table billing_invoice (
    id                text primary key,            -- a UUID: the address of its page
    account_id        text        not null,
    number            text        not null,        -- the processor's invoice number
    processor_invoice text        not null unique, -- in_…
    processor_payment text,                        -- the payment (pi_… or ch_…) refunds name
    kind              text        not null,        -- plan, credits
    plan_id           text,
    credits           bigint,
    checkout_id       text,
    period_start      timestamptz,
    period_end        timestamptz,
    amount_cents      bigint      not null,
    refunded_cents    bigint      not null default 0,
    currency          text        not null,
    status            text        not null,        -- paid, partially-refunded, refunded
    billing_name      text,
    billing_address   text,
    billing_country   text,
    tax_id            text,
    issued_at         timestamptz not null,
    paid_at           timestamptz
);
create index billing_invoice_account on billing_invoice (account_id, issued_at);
create index billing_invoice_issued on billing_invoice (issued_at);
create index billing_invoice_payment on billing_invoice (processor_payment);

-- Money moving: payments and refunds, each once per processor reference.
create table billing_transaction (
    id            text primary key,                -- a UUID
    account_id    text        not null,
    kind          text        not null,            -- payment, refund
    amount_cents  bigint      not null,
    currency      text        not null,
    invoice_id    text,
    processor_ref text        not null,
    created_at    timestamptz not null
);
create unique index billing_transaction_ref on billing_transaction (kind, processor_ref);
create index billing_transaction_account on billing_transaction (account_id, created_at);
create index billing_transaction_created on billing_transaction (created_at);

-- The processor's events already handled (idempotency by event id): ids and types only, nothing
-- about a person; forgotten after 90 days, long after the processor stops retrying (3 days) and
-- far beyond the signature's 5-minute tolerance.
create table billing_webhook_event (
    event_id    text primary key,
    type        text        not null,
    received_at timestamptz not null
);
create index billing_webhook_event_received on billing_webhook_event (received_at);

-- The processor gate's record: how often payment data went to, or came from, a processor, per day
-- and purpose. Counts only.
create table billing_processor_transfer (
    day       date   not null,
    processor text   not null,
    direction text   not null,                     -- sent, received
    purpose   text   not null,                     -- checkout, subscription-change, the event type
    transfers bigint not null,
    primary key (day, processor, direction, purpose)
);
