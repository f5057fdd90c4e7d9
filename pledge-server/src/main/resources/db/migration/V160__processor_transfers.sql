-- What each property sent to each processor, per day and data category (B-25, B-31): counts only,
-- never who or what, for the console's data-flows page.
create table processor_transfer (
    day         date   not null,
    property_id text   not null,
    processor   text   not null,
    category    text   not null,
    transfers   bigint not null,
    primary key (day, property_id, processor, category)
);
