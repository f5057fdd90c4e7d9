-- Manual steps of a rights request for systems outside Pledge (issue 6): generated from the
-- policy's processors, or added by an operator; each is done with evidence, by a named operator.
create table rights_request_step (
    id         bigserial primary key,
    request_id bigint      not null references rights_request (id) on delete cascade,
    title      text        not null,
    source     text        not null,   -- 'policy' or 'operator'
    added_at   timestamptz not null,
    added_by   text        not null,
    done_at    timestamptz,
    done_by    text,
    evidence   text,
    unique (request_id, title)
);
