-- Consent receipts (issue 16): every cookie choice a studio visitor made — in the banner, in the
-- settings, or by their browser's Global Privacy Control signal — as proof of consent (GDPR
-- Art. 7(1)). Category user.consent.records; an erasure keeps the rows under the policy's legal
-- hold with account_id replaced by a pseudonym, so nothing leads back to the person.
create table consent_receipt (
    receipt_id       text        primary key,   -- random UUID, shown to the person
    property_id      text        not null,
    account_id       text,                      -- the signed-in account, else null
    device_ref       text,                      -- the random consent id in the browser's cc_cookie
    granted          text[]      not null,      -- cookie categories allowed
    refused          text[]      not null,      -- cookie categories refused
    policy_sha256    text        not null,      -- the policy version in force
    consent_revision int         not null,      -- hash of the policy's cookie inventory
    source           text        not null check (source in ('banner', 'settings', 'gpc')),
    gpc              boolean     not null,      -- the request carried Sec-GPC: 1
    recorded_at      timestamptz not null
);
create index consent_receipt_account on consent_receipt (account_id);
create index consent_receipt_device on consent_receipt (device_ref);
create index consent_receipt_recorded on consent_receipt (recorded_at);
