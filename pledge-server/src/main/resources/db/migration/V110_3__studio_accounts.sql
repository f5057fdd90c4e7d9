-- The image studio's accounts (accounts module). Every table that holds a person's data names the
-- account in an indexed account_id column (a UUID as text, like every subject id of the engine), so
-- erasure, export and retention find it. Account data is kept while the account is active and for
-- 90 days after it is deleted (B-16): studio_account.deleted_at is the anchor every account store
-- is measured from.

-- Identity (user.account.identity).
create table studio_account (
    account_id        text primary key,
    property_id       text        not null,
    username          text        not null,
    email             text        not null,
    name              text        not null,
    country           text        not null,   -- ISO 3166-1 alpha-2, or US-CA for California
    law_id            text,                   -- the person's law from the country, when the policy names it
    region            text        not null,   -- storage region: us, eu, apac (for residency)
    birth_date        date        not null,   -- the age rules of the policy's children section
    email_verified_at timestamptz,
    created_at        timestamptz not null,
    deleted_at        timestamptz             -- account deletion: null while active (B-16)
);
create unique index studio_account_username on studio_account (property_id, lower(username));
create unique index studio_account_email on studio_account (property_id, lower(email));
create index studio_account_deleted on studio_account (deleted_at);

-- A minor's parent or guardian (user.account.identity): who must consent (B-33) and who may see,
-- restrict and delete the account (B-34).
create table studio_guardian (
    account_id       text primary key,
    parent_email     text        not null,
    consent_required boolean     not null,   -- the person's law asks a parent's consent at this age
    consented_at     timestamptz,
    created_at       timestamptz not null
);

-- Plan and account status (user.account.subscription); billing adds the plan.
create table studio_subscription (
    account_id   text primary key,
    status       text        not null,   -- active, awaiting-parent, deleted
    status_since timestamptz not null
);

-- Credentials (user.account.credentials): an Argon2id hash; the TOTP secret encrypted with the
-- person's own key; recovery codes hashed; single-use links hashed.
create table studio_credential (
    account_id          text primary key,
    password_hash       text        not null,
    password_changed_at timestamptz not null,
    totp_secret         bytea,            -- encrypted (PersonalKeys); null when not enrolled
    totp_enrolled_at    timestamptz,
    totp_last_step      bigint            -- the last time step accepted: a code works once
);
create table studio_recovery_code (
    account_id text        not null,
    code_hash  bytea       not null,   -- SHA-256 of the account and the code; the code is shown once
    created_at timestamptz not null,
    used_at    timestamptz,
    primary key (account_id, code_hash)
);
create table studio_token (
    token_hash bytea primary key,      -- SHA-256 of the token; the token is only in the e-mail
    account_id text        not null,
    purpose    text        not null,   -- verify-email, reset-password, parent, change-email
    detail     text,                   -- change-email: the new address until it is confirmed
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index studio_token_account on studio_token (account_id);
create index studio_token_expires on studio_token (expires_at);

-- Passkeys (user.account.credentials): the WebAuthn user handle of the account and its credentials.
create table studio_passkey_user (
    account_id  text primary key,
    user_handle bytea       not null unique,
    created_at  timestamptz not null
);
create table studio_passkey (
    credential_id                bytea primary key,
    account_id                   text        not null,
    user_handle                  bytea       not null,
    public_key                   bytea       not null,
    signature_count              bigint      not null,
    uv_initialized               boolean     not null,
    backup_eligible              boolean     not null,
    backup_state                 boolean     not null,
    transports                   text,
    credential_type              text        not null,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    label                        text        not null,
    created_at                   timestamptz not null,
    last_used_at                 timestamptz
);
create index studio_passkey_account on studio_passkey (account_id);
create index studio_passkey_user_handle on studio_passkey (user_handle);

-- Sessions (user.device.technical, 90 days): the id is only in the cookie, here its SHA-256. The
-- device is the browser and OS from the User-Agent; the address truncated like the rest of Pledge.
create table studio_session (
    session_hash         bytea primary key,
    account_id           text,                 -- null until someone signs in on it
    created_at           timestamptz not null,
    last_used_at         timestamptz not null,
    max_inactive_seconds int         not null,
    device               text,
    ip_prefix            text,
    attributes           bytea       not null  -- the session's attributes, serialised
);
create index studio_session_account on studio_session (account_id);
create index studio_session_created on studio_session (created_at);
create index studio_session_last_used on studio_session (last_used_at);

-- Preferences (user.account.preferences).
create table studio_preference (
    account_id text primary key,
    language   text        not null,   -- en, zh-CN
    edit_mode  text        not null,   -- semantic, appearance, text
    model      text        not null,   -- builtin, qwen-image-edit
    updated_at timestamptz not null
);

-- Company details of enterprise and API accounts (user.account.company, B-01).
create table studio_company (
    account_id       text primary key,
    company_name     text        not null,
    business_address text,
    seats            int,
    updated_at       timestamptz not null
);

-- Teams (user.content.sharing): a team is its owner's; members and invitations go with it.
create table studio_team (
    team_id    text primary key,
    account_id text        not null,   -- the owner
    name       text        not null,
    created_at timestamptz not null
);
create index studio_team_account on studio_team (account_id);
create table studio_team_member (
    team_id    text        not null references studio_team (team_id) on delete cascade,
    account_id text        not null,
    role       text        not null,   -- owner, admin, member
    joined_at  timestamptz not null,
    primary key (team_id, account_id)
);
create index studio_team_member_account on studio_team_member (account_id);
create table studio_team_invite (
    token_hash  bytea primary key,      -- SHA-256 of the token in the invitation e-mail
    team_id     text        not null references studio_team (team_id) on delete cascade,
    account_id  text        not null,   -- who invited
    email       text        not null,   -- the address invited, until the invitation ends
    role        text        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null
);
create index studio_team_invite_account on studio_team_invite (account_id);
create index studio_team_invite_team on studio_team_invite (team_id);
create index studio_team_invite_expires on studio_team_invite (expires_at);

-- Sign-ups refused because the person is under the minimum age (B-33): nothing about the person is
-- kept, only how many were refused each day.
create table studio_age_refusal (
    property_id text not null,
    day         date not null,
    refusals    int  not null,
    primary key (property_id, day)
);
