-- The rebuild of a projection (blue/green): one row per projection, its latest rebuild. While it runs (REBUILDING),
-- the rebuild's position in the event store (an Axon tracking token, like token_entry's) and how many events it
-- has projected are committed with every batch it writes into its shadow tables (schema rebuild_<projection>), so
-- a rebuild whose node died resumes where it stopped. run_started_at / run_processed are where the current run
-- (start or resumption) began, for its rate.
create table projection_rebuild (
    projection      varchar(255) not null,
    state           varchar(16)  not null,
    shadow_schema   varchar(63)  not null,
    token           bytea,
    token_type      varchar(255),
    position        bigint       not null default -1,
    processed       bigint       not null default 0,
    started_at      timestamptz  not null,
    run_started_at  timestamptz  not null,
    run_processed   bigint       not null default 0,
    updated_at      timestamptz  not null,
    finished_at     timestamptz,
    error           varchar(2000),
    constraint projection_rebuild_pk primary key (projection),
    constraint projection_rebuild_state check (state in ('REBUILDING', 'DONE', 'FAILED'))
);
