-- The operator console's sessions, shared by every instance (issue 18): the id is only in the
-- cookie, here its SHA-256. Operators are the deployment's staff, outside the published policies.
-- ended: the operator's password was changed in another session; the next request of this one is
-- told so ("?ended", or a 401 from the API) and the row is deleted.
create table console_session (
    session_hash         bytea       primary key,
    operator             text,                  -- null until an operator signs in on it
    created_at           timestamptz not null,
    last_used_at         timestamptz not null,
    max_inactive_seconds int         not null,
    ended                boolean     not null default false,
    attributes           bytea       not null   -- the session's attributes, serialised
);
create index console_session_operator on console_session (operator);
create index console_session_last_used on console_session (last_used_at);
