-- The privacy center's form limits (RequestFormLimits), shared by every instance: a token bucket
-- per limit (client address, target e-mail address) and key. Keys are stored only as salted
-- SHA-256 hashes; a row is deleted at the next submission after twice its window.
create table privacy_form_limit (
    name       text             not null,
    key_hash   text             not null,
    tokens     double precision not null,
    updated_at timestamptz      not null,
    primary key (name, key_hash)
);
create index privacy_form_limit_updated on privacy_form_limit (updated_at);

-- The salt of those hashes: one random value, made by the first instance.
create table privacy_form_limit_salt (
    id   smallint primary key check (id = 1),
    salt bytea    not null
);
