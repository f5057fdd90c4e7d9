-- Issue 12, the operators' queue and the requester's side.

-- The requester's status page is reached by a secret link from the acknowledgement: only the
-- SHA-256 of its token is kept, like the verification token's. Unlike that one it is not spent by
-- use; it works for as long as the request is kept.
alter table rights_request add column status_token_hash bytea;
create unique index rights_request_status_token on rights_request (status_token_hash)
    where status_token_hash is not null;

-- The queue lists and counts by these; received_at orders the closed ones and the weekly chart.
create index rights_request_received on rights_request (received_at);

-- An erasure's progress, store by store, for the request page that follows it while it runs.
alter table rights_request_erasure add column stores_total int;
alter table rights_request_erasure add column stores_done int not null default 0;

-- The console's audit page filters by event type, by time and by request reference.
create index audit_entry_action on audit_entry (action, seq);
create index audit_entry_at on audit_entry (at);
create index audit_entry_request on audit_entry (((details::jsonb) ->> 'request'));
