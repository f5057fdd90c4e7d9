-- Personal blobs (images, documents): the bytes live encrypted with the person's keyset in the blob
-- backend (a local directory or an S3-compatible store) under a random object key; this table says
-- whose they are, which policy category holds them and when they were collected.
create table personal_blob (
    id           uuid        primary key,
    property_id  text        not null,
    subject_ref  text        not null,   -- AuditTrail.subjectReference(subject id)
    category     text        not null,
    name         text        not null,
    content_type text        not null,
    size         bigint      not null,
    created_at   timestamptz not null,
    object_key   text        not null unique,   -- random, no personal data
    unique (property_id, subject_ref, category, name)
);
-- Retention finds due blobs of a category by collection time.
create index personal_blob_due on personal_blob (property_id, category, created_at);
