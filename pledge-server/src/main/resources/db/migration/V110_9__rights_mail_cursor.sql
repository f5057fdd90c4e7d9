-- How far the privacy-mailbox intake has read (issue 12): the highest IMAP UID it has looked at,
-- per mailbox and UIDVALIDITY. Mail that is not a privacy request stays unread for the people who
-- answer it, so "unread" can no longer mean "not looked at yet"; the UID does. An erasure deletes
-- only messages up to it: one the intake has not looked at may be a further request.
create table rights_mail_cursor (
    mailbox      text   primary key,
    uid_validity bigint not null,
    last_uid     bigint not null
);
