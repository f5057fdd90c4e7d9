-- A private vault (B-11): a project whose images the browser encrypts before upload, under a key
-- derived from a passphrase that never reaches the server. The server keeps only what the browser
-- needs to derive the same key again (the random salt and the PBKDF2 iteration count) and the
-- key-check value: a known block encrypted under that key, so a wrong passphrase is told clearly.
-- Neither lets the server read the images. Deleted with its project.
create table image_vault (
    project_id  text primary key references image_project on delete cascade,
    salt        bytea       not null,
    iterations  integer     not null,
    key_check   text,        -- base64 of version || iv || AES-GCM(known block); null until chosen
    created_at  timestamptz not null
);
