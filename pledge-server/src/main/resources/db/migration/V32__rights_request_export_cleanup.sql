-- An export whose link expired unused is deleted from {data-dir}/exports/ by a job; this records
-- that it was, so the job looks at each expired export once.
alter table rights_request_export add column file_deleted_at timestamptz;
create index rights_request_export_unclaimed on rights_request_export (expires_at)
    where downloaded_at is null and file_deleted_at is null;
