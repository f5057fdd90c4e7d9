-- The people who run this Pledge server and sign in to its console. They are operators, not
-- visitors: no property's readers ever get an account here (A-03 is about the properties).
-- Passwords are stored only as Argon2id hashes.
create table operator (
    id            bigint generated always as identity primary key,
    username      text        not null unique,
    password_hash text        not null,
    created_at    timestamptz not null default now(),
    last_login_at timestamptz
);
