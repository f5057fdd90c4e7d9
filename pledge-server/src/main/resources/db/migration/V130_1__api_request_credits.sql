-- Credits each API request used (an accepted edit's cost; 0 otherwise), so the key owner's usage
-- page can show credits per key and day. system.performance, like the rest of the row.
alter table api_request add column credits integer not null default 0;
