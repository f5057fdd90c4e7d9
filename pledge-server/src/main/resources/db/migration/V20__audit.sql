-- The tamper-evident audit trail (docs/audit-trail.md). Append-only: each entry carries the hash
-- of the one before it, and signed checkpoints vouch for the chain up to an entry. Nothing here is
-- personal data: a subject appears only as a keyed hash of its id, and details hold no personal
-- fields. The hashes cover the exact text stored, so details is text, not jsonb (jsonb would
-- reorder keys and change the bytes).

create table audit_entry (
    seq         bigint      primary key check (seq > 0),
    at          timestamptz not null,
    actor       text        not null,
    action      text        not null,
    property_id text,
    category    text,
    store       text,
    item_count  bigint,
    subject_ref text,
    details     text        not null check (details::jsonb is not null),
    prev_hash   text        not null,
    hash        text        not null
);

-- The Ed25519 public keys checkpoints are signed with; the private keys never leave
-- {data-dir}/keys/. fingerprint = hex SHA-256 of the 32 raw public key bytes.
create table audit_signing_key (
    fingerprint text        primary key,
    public_key  text        not null,
    created_at  timestamptz not null default now()
);

create table audit_checkpoint (
    no          bigint      primary key check (no > 0),
    seq         bigint      not null unique,
    entry_hash  text        not null,
    at          timestamptz not null,
    key_fingerprint text    not null references audit_signing_key (fingerprint),
    signature   text        not null
);

-- Defence in depth: the application only ever inserts. A superuser can still disable these
-- triggers; the hash chain and the signed checkpoints are what detect that.
create function audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only: % on % is not allowed', tg_op, tg_table_name
        using errcode = 'restrict_violation';
end
$$;

create trigger audit_entry_append_only
    before update or delete or truncate on audit_entry
    for each statement execute function audit_append_only();

create trigger audit_checkpoint_append_only
    before update or delete or truncate on audit_checkpoint
    for each statement execute function audit_append_only();

create trigger audit_signing_key_append_only
    before update or delete or truncate on audit_signing_key
    for each statement execute function audit_append_only();
