-- The image studio's plans and credits (billing module). Every table names the account in an
-- indexed account_id column (text, the account's UUID), like the accounts module's, so erasure,
-- export and retention find it.

-- The plan an account is on and its current monthly period (user.account.subscription: kept while
-- the account is active and 90 days after its deletion, B-16). An account without a row is on the
-- free plan; the row is made the first time its credits are used or looked at.
create table billing_subscription (
    account_id             text primary key,
    plan_id                text        not null,   -- a plan of pledge.studio.plans
    status                 text        not null,   -- active, past-due, cancelled (account deleted)
    period_start           timestamptz not null,
    period_end             timestamptz not null,   -- the next monthly grant, and when next_plan_id applies
    next_plan_id           text,                   -- a downgrade or cancellation at period_end
    processor_customer     text,                   -- the payment processor's customer id (cus_…)
    processor_subscription text,                   -- the processor's subscription id (sub_…)
    updated_at             timestamptz not null
);
create index billing_subscription_period_end on billing_subscription (period_end);
create unique index billing_subscription_processor
    on billing_subscription (processor_subscription) where processor_subscription is not null;

-- The credit ledger (user.financial.credits: 7 years, under the policy's legal hold, B-04 B-20):
-- every grant, charge, refund and reversal with its time and reference (the job, the checkout, the
-- month). One entry per (account, kind, reference): a retried charge for the same job charges once.
create table billing_credit_entry (
    id            text primary key,            -- a UUID
    account_id    text        not null,
    kind          text        not null,        -- monthly-grant, purchase, promotion, charge, refund, reversal
    credits       bigint      not null,        -- positive adds, negative uses
    balance_after bigint      not null,
    reason        text        not null,
    reference     text        not null,
    created_at    timestamptz not null
);
create unique index billing_credit_entry_reference on billing_credit_entry (account_id, kind, reference);
create index billing_credit_entry_account on billing_credit_entry (account_id, created_at);
create index billing_credit_entry_created on billing_credit_entry (created_at);

-- The balance (user.financial.credits): charged with one conditional update, so concurrent charges
-- never overdraw; the check is the last line of defence.
create table billing_credit_balance (
    account_id text primary key,
    balance    bigint      not null check (balance >= 0),
    updated_at timestamptz not null
);
create index billing_credit_balance_updated on billing_credit_balance (updated_at);

-- Subscription changes (user.financial.payment_records: 7 years under the policy's legal hold,
-- B-20): every start, upgrade, downgrade, cancellation and end of a plan, asked for or effective.
create table billing_subscription_change (
    id            text primary key,            -- a UUID
    account_id    text        not null,
    kind          text        not null,        -- started, upgraded, downgrade-asked, downgraded,
                                               -- cancel-asked, resumed, cancelled, past-due, ended
    from_plan     text,
    to_plan       text,
    effective_at  timestamptz not null,
    processor_ref text,                        -- the processor's subscription or event, if any
    created_at    timestamptz not null
);
create index billing_subscription_change_account on billing_subscription_change (account_id, created_at);
create index billing_subscription_change_created on billing_subscription_change (created_at);
