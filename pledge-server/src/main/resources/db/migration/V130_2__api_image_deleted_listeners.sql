-- A deletion is noted only for an account with an endpoint listening for image.deleted: nobody
-- else's image ids are kept for webhooks (announced rows go after a week, ImageDeletions).
create or replace function api_note_image_deleted() returns trigger language plpgsql as $$
begin
    if exists (select 1 from api_webhook where account_id = old.account_id
               and disabled_at is null and (',' || events || ',') like '%,image.deleted,%') then
        insert into api_image_deleted (image_id, account_id, deleted_at)
        values (old.image_id, old.account_id, clock_timestamp())
        on conflict (image_id) do nothing;
    end if;
    return old;
end
$$;

create or replace function api_note_last_version_deleted() returns trigger language plpgsql as $$
begin
    if exists (select 1 from image where image_id = old.image_id)
       and not exists (select 1 from image_version where image_id = old.image_id)
       and exists (select 1 from api_webhook where account_id = old.account_id
                   and disabled_at is null and (',' || events || ',') like '%,image.deleted,%') then
        insert into api_image_deleted (image_id, account_id, deleted_at)
        select image_id, account_id, clock_timestamp() from image where image_id = old.image_id
        on conflict (image_id) do nothing;
    end if;
    return old;
end
$$;
