-- Every policy version a property has served, so that changes can be announced (30 days'
-- notice, opt-in for material changes) and an auditor can see which promises were in force when.
create table policy_version (
    property_id text        not null,
    sha256      text        not null,
    effective   date        not null,
    source      text        not null,
    first_served timestamptz not null default now(),
    primary key (property_id, sha256)
);
