-- 1,000,000 people of the image studio and 50,000,000 rows in stores shaped like its own (issue 6
-- erasure benchmark): account 1 M, sessions 5 M, source-image blobs 5 M (metadata rows in Pledge's
-- personal_blob; encrypted files only for the people the benchmark erases or exports), edit
-- history 20 M, payments 3 M (legal hold), support messages 4 M, analytics events 12 M; plus one
-- keyset row per person. Person n is 'person-n'; rows go round-robin, so everyone has the same mix.
-- Loading trick, generator only: the bench tables are filled UNLOGGED, then made LOGGED and
-- indexed like a real service's before anything is timed.
create schema bench;

create unlogged table bench.account (id bigint primary key, subject_id text not null, email text not null, display_name text not null, created_at timestamptz not null, deleted_at timestamptz);
insert into bench.account select g, 'person-' || g, 'person-' || g || '@example.net', 'Person ' || g, now() - (g % 1000) * interval '1 hour', null from generate_series(1, 1000000) g;

create unlogged table bench.session (id bigint primary key, subject_id text not null, ip text not null, user_agent text not null, created_at timestamptz not null);
insert into bench.session select g, 'person-' || (g % 1000000 + 1), '203.0.113.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', now() - (g % 5000) * interval '1 minute' from generate_series(1, 5000000) g;

create unlogged table bench.edit_history (id bigint primary key, subject_id text not null, image_id bigint not null, operation text not null, params text not null, created_at timestamptz not null);
insert into bench.edit_history select g, 'person-' || (g % 1000000 + 1), g / 4, (array['style-transfer','remove-object','rotate','text-edit'])[g % 4 + 1], '{"strength":0.' || (g % 10) || '}', now() - (g % 10000) * interval '1 minute' from generate_series(1, 20000000) g;

create unlogged table bench.payment (id bigint primary key, subject_id text not null, amount_cents integer not null, currency text not null, processor_ref text not null, created_at timestamptz not null);
insert into bench.payment select g, 'person-' || (g % 1000000 + 1), 500 + g % 5000, 'EUR', 'ch_' || md5(g::text), now() - (g % 1000) * interval '1 day' from generate_series(1, 3000000) g;

create unlogged table bench.support_message (id bigint primary key, subject_id text not null, body text not null, last_message_at timestamptz not null);
insert into bench.support_message select g, 'person-' || (g % 1000000 + 1), 'Hello, my export of image ' || g || ' failed, could you have a look?', now() - (g % 2000) * interval '1 hour' from generate_series(1, 4000000) g;

create unlogged table bench.analytics_event (id bigint primary key, subject_id text not null, name text not null, path text not null, at timestamptz not null);
insert into bench.analytics_event select g, 'person-' || (g % 1000000 + 1), (array['open-editor','upload','export','share'])[g % 4 + 1], '/editor/' || (g % 1000), now() - (g % 100000) * interval '1 minute' from generate_series(1, 12000000) g;

alter table bench.account set logged;
alter table bench.session set logged;
alter table bench.edit_history set logged;
alter table bench.payment set logged;
alter table bench.support_message set logged;
alter table bench.analytics_event set logged;

-- The subject columns erasure and export look people up by.
create index on bench.account (subject_id);
create index on bench.session (subject_id);
create index on bench.edit_history (subject_id);
create index on bench.payment (subject_id);
create index on bench.support_message (subject_id);
create index on bench.analytics_event (subject_id);

-- Pledge's own tables, as the product creates them (logged, with their indexes). The references
-- are stand-ins (md5, not the server's keyed hash): these people are never looked up.
insert into subject_keyset (property_id, subject_ref, wrapped_keyset, created_at) select 'image-studio', md5('person-' || g), decode(md5(g::text) || md5(g::text || 'k'), 'hex'), now() from generate_series(1, 1000000) g;
insert into personal_blob (id, property_id, subject_ref, category, name, content_type, size, created_at, object_key) select gen_random_uuid(), 'image-studio', md5('person-' || (g % 1000000 + 1)), 'user.content.source_images', 'image-' || g || '.jpg', 'image/jpeg', 200000, now() - (g % 1000) * interval '1 hour', gen_random_uuid()::text from generate_series(1, 5000000) g;

analyze;
