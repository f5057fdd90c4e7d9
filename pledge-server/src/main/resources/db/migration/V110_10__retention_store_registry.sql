-- The stores a running server has registered (issue 12), written by the server at every start. A
-- CLI command on the same database (pledge retention plan, pledge verify) compares them with the
-- stores it can build itself and names every one it cannot reach, instead of silently checking
-- fewer: a store outside the database (the privacy mailbox over IMAP) needs the server's settings.
create table retention_store_registry (
    property_id     text        not null,
    store           text        not null,
    category        text        not null,
    reached_through text,       -- what a process needs to reach it, e.g. the IMAP settings
    registered_at   timestamptz not null,
    primary key (property_id, store, category)
);
