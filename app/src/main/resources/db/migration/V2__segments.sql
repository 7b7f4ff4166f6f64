-- Command side: which assignments exist per segment, kept in the same transaction as the events that create
-- and remove them, so "no delete while assignments exist" is checked exactly. Never read by queries.
create table segment_assignment_registry (
    tenant         varchar(16)  not null,
    segment_id     varchar(64)  not null,
    assignment_key varchar(200) not null,
    constraint segment_assignment_registry_pk primary key (tenant, segment_id, assignment_key)
);

-- Query side: the segment read model, one row per live segment, as the API returns it.
create table segment_view (
    tenant          varchar(16) not null,
    id              varchar(64) not null,
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
    constraint segment_view_pk primary key (tenant, id)
);
