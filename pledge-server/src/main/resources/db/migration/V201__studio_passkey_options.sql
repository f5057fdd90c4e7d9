-- Passkey registrations in progress (user.account.passkey_registrations, five minutes): the
-- options the first request of the ceremony gave the browser, which the second checks the new
-- passkey against, on whichever instance it arrives. Keyed by the SHA-256 of the session id, as
-- studio_session is; the options are a small JSON (relying party, challenge, user handle,
-- algorithms, authenticator selection), never the person's names.
create table studio_passkey_options (
    session_hash bytea primary key,
    account_id   text        not null,
    options      text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);
create index studio_passkey_options_created on studio_passkey_options (created_at);
create index studio_passkey_options_expires on studio_passkey_options (expires_at);
create index studio_passkey_options_account on studio_passkey_options (account_id);
