-- E-mail to requesters that cannot be delivered (issue 11). An acknowledgement, like a notice, is
-- retried after a growing pause, at most a bounded number of times, and never again once the
-- receiving server refused it for good (SMTP 5xx) or the address cannot be written to; the
-- console shows it as failed on the request's page. Errors are kinds only (smtp-550,
-- invalid-address), never a server's message, which may quote the address.
alter table rights_request
    add column ack_attempts        int not null default 0,
    add column ack_next_attempt_at timestamptz,
    add column ack_failed_at       timestamptz,
    add column ack_error           text;

alter table rights_notice
    add column failed_at timestamptz;

-- Notices already parked for want of a recipient count as failed.
update rights_notice set failed_at = created_at
    where sent_at is null and next_attempt_at = 'infinity';
