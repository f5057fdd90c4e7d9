-- Processing that stopped for a person (issue 6, A-15, B-27, B-40): a restriction ('all': every
-- processing except storage and legal claims), an objection (one purpose) or an opt-out of sale
-- ('sale-or-sharing'). The person appears only as the audit trail's keyed hash of their subject id
-- (an account id, or an address lower-cased): the table is a suppression list that names nobody,
-- and it may outlive an erasure so that an objection still holds if the person comes back.
create table processing_restriction (
    id                bigserial primary key,
    property_id       text        not null,
    subject_ref       text        not null,   -- keyed hash, never the id itself
    stops             text        not null,   -- 'all' or a purpose key
    request_reference text        not null,   -- the rights request that caused it
    since             timestamptz not null,
    applied_by        text        not null,
    lifted_at         timestamptz,
    lifted_by         text,
    lift_reason       text
);

-- The gate's lookup: a person's active restrictions in one property, one index probe.
create unique index processing_restriction_active
    on processing_restriction (property_id, subject_ref, stops) where lifted_at is null;
create index processing_restriction_request on processing_restriction (request_reference);
