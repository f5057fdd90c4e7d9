-- Disclosures of personal data to public authorities (B-26): what was asked for, on which legal
-- basis, when, how many people and whether they could be told. No person is named here: the note
-- is checked for addresses, and people are a count.
create table authority_disclosure (
    id              text        primary key,
    property_id     text        not null,
    authority       text        not null,
    received_on     date        not null,
    disclosed_on    date        not null,
    basis_type      text        not null,
    basis_reference text        not null,
    categories      text[]      not null,
    people          integer     not null check (people >= 0),
    people_told     text        not null,
    note            text,
    recorded_at     timestamptz not null,
    recorded_by     text        not null,
    check (disclosed_on >= received_on)
);

create index authority_disclosure_property on authority_disclosure (property_id, disclosed_on);

create sequence authority_disclosure_number;
