-- The console's back-off on failed sign-ins and password checks (Backoff), shared by every
-- instance: per limit and key, the failures since the key was last forgotten and when the last one
-- happened. Keys (a client network, a network and username, an operator) are stored only as salted
-- SHA-256 hashes; a row is deleted at the next failure after its forget time has passed.
create table console_throttle (
    name         text        not null,
    key_hash     text        not null,
    failures     integer     not null,
    last_failure timestamptz not null,
    primary key (name, key_hash)
);
create index console_throttle_last_failure on console_throttle (last_failure);

-- The salt of those hashes: one random value, made by the first instance.
create table console_throttle_salt (
    id   smallint primary key check (id = 1),
    salt bytea    not null
);
