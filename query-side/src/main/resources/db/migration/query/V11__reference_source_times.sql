-- Upstream messages carry the time of the change they report. Every replica row remembers the time of what it
-- holds, and a deletion leaves a tombstone with its time, so that an older message (a redelivery, a replayed
-- topic) can neither roll a row back nor bring a deleted one back. Rows written before this migration count as
-- older than any message.
alter table customer_reference add column source_time timestamptz not null default '-infinity';
alter table legal_entity_reference add column source_time timestamptz not null default '-infinity';
alter table category_reference add column source_time timestamptz not null default '-infinity';
alter table product_reference add column source_time timestamptz not null default '-infinity';
alter table product_category add column source_time timestamptz not null default '-infinity';

create table reference_tombstone (
    tenant      varchar(16)  not null,
    -- customer, legal-entity, category, product, placement (id: categoryId/productId)
    kind        varchar(16)  not null,
    id          varchar(129) not null,
    source_time timestamptz  not null,
    constraint reference_tombstone_pk primary key (tenant, kind, id)
);
