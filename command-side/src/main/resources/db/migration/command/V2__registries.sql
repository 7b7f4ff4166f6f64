-- Command side lookup tables, written by subscribing handlers in the same transaction as the events they
-- follow, so set-based rules are checked exactly. Never read by queries.
-- Which segments are live, and their generation (how many times the id was created): assignments belong
-- to one generation, so a segment created again after a forced delete starts empty.
create table segment_registry (
    tenant     varchar(16) not null,
    segment_id varchar(64) not null,
    generation bigint      not null,
    live       boolean     not null,
    constraint segment_registry_pk primary key (tenant, segment_id)
);

-- Which assignments exist per segment generation ("no delete without forceDelete while assignments exist").
create table segment_assignment_registry (
    tenant         varchar(16)  not null,
    segment_id     varchar(64)  not null,
    generation     bigint       not null,
    assignment_key varchar(200) not null,
    constraint segment_assignment_registry_pk primary key (tenant, segment_id, generation, assignment_key)
);
