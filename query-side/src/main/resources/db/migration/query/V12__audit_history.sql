-- Audit history and point-in-time reads (segment-audit-projection). Kept by one projection from the event store;
-- nothing here is ever deleted by a write, only by a rebuild of the projection.

-- One row per stored event that concerns a segment: its own, its assignments', its activations. Times are the
-- event's own (the time the aggregate recorded: createdAt, modifiedAt, deletedAt, ...). caller and
-- correlation_id come from the event's metadata and are null for events that lack them.
create table segment_history (
    tenant         varchar(16)  not null,
    segment_id     varchar(64)  not null,
    global_index   bigint       not null,
    generation     bigint       not null,
    event_id       varchar(255) not null,
    type           varchar(64)  not null,
    occurred_at    timestamptz  not null,
    caller         varchar(255),
    correlation_id varchar(255),
    resource       jsonb        not null,
    changes        jsonb,
    constraint segment_history_pk primary key (tenant, segment_id, global_index)
);

-- Every version of a segment with the interval in which it was the current one: [valid_from, valid_to), by
-- event time, with the global indexes of the events that opened and closed it; valid_to null = current.
-- The columns are segment_view's, so the reads and the q language work on both alike.
create table segment_version (
    tenant          varchar(16) not null,
    id              varchar(64) not null,
    generation      bigint      not null,
    from_index      bigint      not null,
    to_index        bigint,
    valid_from      timestamptz not null,
    valid_to        timestamptz,
    name            jsonb       not null,
    description     jsonb,
    status          varchar(16) not null,
    site_code       varchar(64) not null,
    validity_from   timestamptz,
    validity_to     timestamptz,
    mixins          jsonb,
    metadata_mixins jsonb,
    version         bigint      not null,
    created_at      timestamptz not null,
    modified_at     timestamptz not null,
    constraint segment_version_pk primary key (tenant, id, from_index)
);
-- valid_from then from_index: the order a point-in-time read walks back in, so even a generic plan of the
-- prepared statement reads one index row, where (tenant, id, valid_from) alone sorted the whole history
create index segment_version_at on segment_version (tenant, id, valid_from, from_index);
create index segment_version_current on segment_version (tenant, id) where to_index is null;

-- Customer assignment versions, columns as customer_assignment_view's.
create table customer_assignment_version (
    tenant           varchar(16) not null,
    segment_id       varchar(64) not null,
    customer_id      varchar(64) not null,
    legal_entity_id  varchar(64) not null,
    legal_entity_ref varchar(64) generated always as (nullif(legal_entity_id, '')) stored,
    generation       bigint      not null,
    from_index       bigint      not null,
    to_index         bigint,
    valid_from       timestamptz not null,
    valid_to         timestamptz,
    assignment_type  varchar(16) not null,
    mixins           jsonb,
    metadata_mixins  jsonb,
    version          bigint      not null,
    created_at       timestamptz not null,
    modified_at      timestamptz not null,
    constraint customer_assignment_version_pk
        primary key (tenant, segment_id, customer_id, legal_entity_id, from_index)
);
-- "which segments was this customer in at T"
create index customer_assignment_version_by_customer
    on customer_assignment_version (tenant, customer_id, legal_entity_id, segment_id, valid_from);
-- closing every open assignment of a segment at its (forced) deletion
create index customer_assignment_version_open
    on customer_assignment_version (tenant, segment_id) where to_index is null;

-- Item assignment versions, columns as item_assignment_view's.
create table item_assignment_version (
    tenant          varchar(16) not null,
    segment_id      varchar(64) not null,
    item_type       varchar(16) not null,
    item_id         varchar(64) not null,
    generation      bigint      not null,
    from_index      bigint      not null,
    to_index        bigint,
    valid_from      timestamptz not null,
    valid_to        timestamptz,
    mixins          jsonb,
    metadata_mixins jsonb,
    version         bigint      not null,
    created_at      timestamptz not null,
    modified_at     timestamptz not null,
    constraint item_assignment_version_pk primary key (tenant, segment_id, item_type, item_id, from_index)
);
create index item_assignment_version_open
    on item_assignment_version (tenant, segment_id) where to_index is null;

-- Item versions with code and name from the catalog replica, as item_assignment_details.
create view item_assignment_version_details as
select i.tenant, i.segment_id, i.item_type, i.item_id, i.mixins, i.metadata_mixins, i.version, i.created_at,
       i.modified_at, i.valid_from, i.valid_to, coalesce(p.code, c.code) as item_code,
       coalesce(p.name, c.name) as item_name
from item_assignment_version i
         left join product_reference p
                   on i.item_type = 'PRODUCT' and p.tenant = i.tenant and p.product_id = i.item_id
         left join category_reference c
                   on i.item_type = 'CATEGORY' and c.tenant = i.tenant and c.category_id = i.item_id;
