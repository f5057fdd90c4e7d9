-- Messages to published contacts that no request queue takes (editorial, security, support mail
-- that is no privacy request and no ticket reply), tracked with the policy's response clock until
-- an operator marks them answered (B-39). The message stays in its mailbox; here only its hash,
-- its contact and its clock: nobody is named.
create table contact_message (
    id           bigserial   primary key,
    property_id  text        not null,
    role         text        not null,
    message_hash text        not null,
    received_at  timestamptz not null,
    due_at       timestamptz not null,
    due_basis    text        not null,
    answered_at  timestamptz,
    answered_by  text,
    unique (property_id, message_hash)
);

create index contact_message_open on contact_message (property_id, due_at) where answered_at is null;
