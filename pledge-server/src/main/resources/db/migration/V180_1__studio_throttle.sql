-- The studio's sign-in throttles (SignInThrottles), shared by every instance: a token bucket per
-- limit and key. Keys (a login, a client address, an account) are stored only as salted SHA-256
-- hashes, and a row is deleted at the next sign-in after twice its window (Throttle).
create table studio_throttle (
    name       text             not null,
    key_hash   text             not null,
    tokens     double precision not null,
    updated_at timestamptz      not null,
    primary key (name, key_hash)
);
create index studio_throttle_updated on studio_throttle (updated_at);

-- The salt of those hashes: one random value, made by the first instance.
create table studio_throttle_salt (
    id   smallint primary key check (id = 1),
    salt bytea    not null
);
