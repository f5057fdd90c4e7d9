-- Access and portability exports (issue 6): the ZIP lives under {data-dir}/exports/; the requester
-- downloads it once through a link whose token is stored only as a SHA-256 hash.
create table rights_request_export (
    id            bigserial primary key,
    request_id    bigint      not null references rights_request (id) on delete cascade,
    file_name     text        not null,   -- random name under {data-dir}/exports/
    items         bigint      not null,
    token_hash    bytea       not null unique,
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    downloaded_at timestamptz
);
create index rights_request_export_request on rights_request_export (request_id);
