-- Customer assignments as the API returns them. B2C rows have legal_entity_id = '' so that the
-- primary key stays total. The (tenant, customer_id, ...) index serves "which segments is this customer in"
-- without scanning segments.
create table customer_assignment_view (
    tenant          varchar(16) not null,
    segment_id      varchar(64) not null,
    customer_id     varchar(64) not null,
    legal_entity_id varchar(64) not null,
    -- the legal entity as queries see it: null for B2C
    legal_entity_ref varchar(64) generated always as (nullif(legal_entity_id, '')) stored,
    assignment_type varchar(16) not null,
    mixins          jsonb,
    metadata_mixins jsonb,
    version         bigint      not null,
    created_at      timestamptz not null,
    modified_at     timestamptz not null,
    constraint customer_assignment_view_pk primary key (tenant, segment_id, customer_id, legal_entity_id)
);

create index customer_assignment_view_by_customer
    on customer_assignment_view (tenant, customer_id, legal_entity_id, segment_id);
-- conditions on their mixins
create index customer_assignment_view_mixins on customer_assignment_view using gin (mixins jsonb_path_ops);

-- Reference data replica: names of customers and legal entities known to other systems.
create table customer_reference (
    tenant      varchar(16)  not null,
    customer_id varchar(64)  not null,
    first_name  varchar(255),
    last_name   varchar(255),
    email       varchar(320),
    constraint customer_reference_pk primary key (tenant, customer_id)
);

create table legal_entity_reference (
    tenant          varchar(16)  not null,
    legal_entity_id varchar(64)  not null,
    name            varchar(500),
    constraint legal_entity_reference_pk primary key (tenant, legal_entity_id)
);
