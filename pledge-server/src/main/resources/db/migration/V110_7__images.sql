-- The image studio's images (images module). Every table with a person's data names the account
-- in an indexed account_id; ids are random (UUIDs as text), never sequential.

-- Projects (user.content.sharing): a private project belongs to its owner; a team project is
-- readable and editable by the team's members (TeamAccess). Kept with the account.
create table image_project (
    project_id  text primary key,
    account_id  text        not null,   -- the owner: whose key encrypts the images
    team_id     text,                   -- null: private
    name        text        not null,
    created_at  timestamptz not null
);
create index image_project_account on image_project (account_id);
create index image_project_team on image_project (team_id);

-- An image in a project (user.content.sharing: its name and where it belongs). Its files are the
-- versions below; retention is what the owner chose for them (B-18, B-19): 'default' (the plan's
-- default of each category), 'permanent', or an ISO-8601 period such as P30D.
-- removed_metadata is what was removed at the door, as "kind:count" pairs (B-15).
create table image (
    image_id          text primary key,
    account_id        text        not null,
    project_id        text        not null references image_project on delete cascade,
    name              text        not null,
    retention         text        not null default 'default',
    removed_metadata  text        not null default '',
    created_at        timestamptz not null
);
create index image_account on image (account_id);
create index image_project_images on image (project_id);

-- A version of an image (user.content.edited_images, the upload included): a file encrypted under
-- the owner's key (personal_blob), its parent, and the owner's labels. Kept per keep_for, like its
-- file; a version whose parent is gone keeps its place as a root.
create table image_version (
    version_id    text primary key,
    image_id      text        not null references image on delete cascade,
    account_id    text        not null,
    parent_id     text        references image_version on delete set null,
    kind          text        not null,   -- source, edit
    blob_category text        not null,
    blob_name     text        not null,
    content_type  text        not null,
    width         integer     not null,
    height        integer     not null,
    size          bigint      not null,
    label         text,
    starred       boolean     not null default false,
    job_id        text,
    keep_for      interval,
    created_at    timestamptz not null
);
create index image_version_image on image_version (image_id, created_at);
create index image_version_account on image_version (account_id);
create index image_version_created on image_version (created_at);

-- Edits as jobs (user.content.editing_history, 3 years, B-17): the mode, provider, model, settings
-- and cost of each result (B-02), and the job's state. account_id is who asked (and paid);
-- owner_id whose image it is (a teammate's, in a team project). Claimed with SKIP LOCKED under a
-- lease, so one instance runs a job and a job of a stopped instance is taken up again.
create table image_job (
    job_id            text primary key,
    account_id        text        not null,
    owner_id          text        not null,
    image_id          text        not null references image on delete cascade,
    parent_version_id text,
    provider          text        not null,
    operation         text        not null,
    mode              text        not null,
    parameters        text        not null default '{}',   -- JSON object of the settings chosen
    model             text,
    cost              integer     not null default 0,
    state             text        not null,   -- queued, running, succeeded, failed
    progress          real        not null default 0,
    progress_message  text,
    attempts          integer     not null default 0,
    lease_until       timestamptz,
    result_version_id text,
    failure           text,        -- a message key or plain text for the user; no personal data
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz
);
create index image_job_account on image_job (account_id);
create index image_job_owner on image_job (owner_id);
create index image_job_image on image_job (image_id, created_at);
create index image_job_created on image_job (created_at);
create index image_job_pending on image_job (created_at) where state in ('queued', 'running');

-- Prompts (user.content.prompts, 3 years): apart from the job, so the category is its own store.
create table image_prompt (
    job_id      text primary key references image_job on delete cascade,
    account_id  text        not null,
    prompt      text        not null,
    created_at  timestamptz not null
);
create index image_prompt_account on image_prompt (account_id);
create index image_prompt_created on image_prompt (created_at);

-- Moderation decisions (B-09), one per checker and subject (prompt, result), part of the edit's
-- history: 'not-checked' when no checker was registered.
create table image_moderation (
    decision_id text primary key,
    job_id      text        not null references image_job on delete cascade,
    account_id  text        not null,
    subject     text        not null,   -- prompt, result
    checker     text        not null,
    verdict     text        not null,   -- allowed, refused, not-checked
    reason      text        not null default '',
    created_at  timestamptz not null
);
create index image_moderation_job on image_moderation (job_id);
create index image_moderation_account on image_moderation (account_id);
create index image_moderation_created on image_moderation (created_at);

-- Public links (user.content.sharing, B-28): off by default; the token is random (256 bits) and
-- kept as its SHA-256, like every link token of the studio.
create table image_share (
    image_id    text primary key references image on delete cascade,
    account_id  text        not null,
    token_hash  bytea       not null unique,
    enabled     boolean     not null,
    expires_at  timestamptz,
    created_at  timestamptz not null
);
create index image_share_account on image_share (account_id);

-- Credits charged for edits until the billing module's ledger takes over (user.financial.credits):
-- one row per job, refunded at most once.
create table image_credit (
    job_id      text primary key,
    account_id  text        not null,
    credits     integer     not null,
    charged_at  timestamptz not null,
    refunded_at timestamptz
);
create index image_credit_account on image_credit (account_id);
create index image_credit_charged on image_credit (charged_at);

-- Personal blobs (blobs module): a retention period chosen per blob, for categories whose policy
-- gives a range (B-18, B-19). Null: the policy's default; keep_permanently: as long as the range
-- allows.
alter table personal_blob add column keep_for interval;
alter table personal_blob add column keep_permanently boolean not null default false;
