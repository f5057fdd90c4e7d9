-- Per-person encryption keys (issue 6, crypto-shredding): one Tink streaming-AEAD keyset per
-- property and person, wrapped by the master key and bound to its row. The person appears only as
-- the audit trail's keyed hash. Deleting the row makes every ciphertext made with the keyset,
-- copies in backups included, unreadable.
create table subject_keyset (
    property_id    text        not null,
    subject_ref    text        not null,   -- AuditTrail.subjectReference(subject id)
    wrapped_keyset bytea       not null,
    created_at     timestamptz not null,
    primary key (property_id, subject_ref)
);
