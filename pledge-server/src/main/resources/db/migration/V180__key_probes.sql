-- A value made with each key every instance on this database must share (KeyProbes): the first
-- instance stores it, each start checks its own keys against it. No personal data.
create table key_probe (
    name       text primary key,
    probe      bytea       not null,
    created_at timestamptz not null
);
