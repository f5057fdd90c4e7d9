-- Credits for edits are charged and refunded in the billing module's ledger (Credits, the job id as
-- the reference), so the images module's own stand-in table goes.
drop table image_credit;
