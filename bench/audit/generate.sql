-- Appends :n entries to the audit trail with correct hashes and links, computed by PostgreSQL in
-- the canonical encoding of docs/audit-trail.md (all values ASCII). No checkpoints: signing needs
-- the key, and verify walks every entry either way.
create or replace function pg_temp.line(name text, v text) returns text language sql immutable as
$$ select name || ' ' || case when v is null then '-' else octet_length(convert_to(v, 'UTF8'))::text || ':' || v end || E'\n' $$;

do $$
declare
  head_seq bigint;
  prev text;
  t timestamptz;
  enc text;
  h text;
  d text;
  i bigint;
  n bigint := current_setting('bench.n')::bigint;
begin
  select seq, hash, at into head_seq, prev, t from audit_entry order by seq desc limit 1;
  if head_seq is null then head_seq := 0; prev := repeat('0', 64); t := now(); end if;
  t := date_trunc('milliseconds', t);
  for i in head_seq + 1 .. head_seq + n loop
    t := t + interval '1 millisecond';
    d := '{"cutoff":"2026-08-25","run":' || i || '}';
    enc := 'pledge-audit-entry-v1' || E'\n'
      || pg_temp.line('seq', i::text)
      || pg_temp.line('time', ((extract(epoch from t) * 1000000)::bigint)::text)
      || pg_temp.line('actor', 'system:retention')
      || pg_temp.line('action', 'retention.expired')
      || pg_temp.line('property', 'reference-site')
      || pg_temp.line('category', 'user.device.access_logs')
      || pg_temp.line('store', 'access_log')
      || pg_temp.line('count', (i % 1000)::text)
      || pg_temp.line('subject', null)
      || pg_temp.line('details', d)
      || pg_temp.line('prev', prev);
    h := encode(sha256(convert_to(enc, 'UTF8')), 'hex');
    insert into audit_entry (seq, at, actor, action, property_id, category, store, item_count,
        subject_ref, details, prev_hash, hash)
    values (i, t, 'system:retention', 'retention.expired', 'reference-site',
        'user.device.access_logs', 'access_log', i % 1000, null, d, prev, h);
    prev := h;
  end loop;
end
$$;
