-- Policy changes (B-37, A-20): the text of every version a property published, so the next one can
-- be compared with it; each change with its plain-language summary and effective date; and each
-- person's answer to a change that needs their opt-in.
create table policy_text (
    property_id text        not null,
    sha256      text        not null,
    source      text        not null,
    recorded_at timestamptz not null,
    primary key (property_id, sha256)
);

create table policy_change (
    change_id    bigserial   primary key,
    property_id  text        not null,
    from_sha256  text        not null,
    to_sha256    text        not null,
    announced_at timestamptz not null,
    effective_at timestamptz not null,
    material     boolean     not null,
    needs_opt_in boolean     not null,
    summary      text        not null,
    in_force     boolean     not null default false,
    unique (property_id, to_sha256)
);
create index policy_change_due on policy_change (effective_at) where not in_force;

create table policy_change_decision (
    change_id  bigint      not null references policy_change (change_id),
    account_id text        not null,
    accepted   boolean     not null,
    decided_at timestamptz not null,
    primary key (change_id, account_id)
);
create index policy_change_decision_account on policy_change_decision (account_id);
