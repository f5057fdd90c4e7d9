-- Breach incidents (incidents module, B-35, B-36). An incident records what happened, when it was
-- discovered, the stores and categories it touched and the counts of people it affects by region
-- and law — never who they are. Its clocks are computed from the policy and these timestamps.
create table incident (
    id                    text primary key,            -- INC-2026-0001
    property_id           text        not null,
    title                 text        not null,
    what_happened         text        not null,
    discovered_at         timestamptz not null,
    opened_at             timestamptz not null,
    opened_by             text        not null,        -- operator:<username>
    stores                text[]      not null,
    categories            text[]      not null,
    affected              jsonb       not null,        -- counts only: total, by region, by law
    high_risk             boolean     not null default false,
    high_risk_since       timestamptz,
    contained_at          timestamptz,
    assessment            text,
    regulator_notified_at timestamptz,
    people_notified_at    timestamptz,
    people_notified       integer,
    disclosed_at          timestamptz,                 -- listed on the public security page since
    public_summary        text,
    remediation           text,
    lessons               text,
    closed_at             timestamptz
);
create index incident_open on incident (closed_at, discovered_at);
create sequence incident_number;

-- The notices an operator approved, as sent (the regulator's address is an authority's, not a
-- person's).
create table incident_notice (
    incident_id  text        not null references incident (id),
    audience     text        not null check (audience in ('regulator', 'people')),
    recipient    text,
    body         text        not null,
    approved_by  text        not null,
    approved_at  timestamptz not null,
    sent_count   integer     not null,
    primary key (incident_id, audience)
);

-- Each escalation e-mail to the operators, once per clock and stage.
create table incident_escalation (
    incident_id text        not null references incident (id),
    clock       text        not null,
    stage       text        not null,
    sent_at     timestamptz not null,
    primary key (incident_id, clock, stage)
);

-- Which studio accounts were told (user.account.identity, kept and erased with the account): the
-- in-app banner shows the notice to them when they sign in.
create table incident_person (
    incident_id text        not null references incident (id),
    account_id  text        not null,
    notified_at timestamptz not null,
    primary key (incident_id, account_id)
);
create index incident_person_account on incident_person (account_id);
