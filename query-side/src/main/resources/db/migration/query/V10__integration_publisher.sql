-- The integration event publisher's own state, written in its batch transaction together with its token (never
-- read from the projections, which are at other positions in the event store).
-- Per segment: its generation (how many times the id was created), whether it is live, and its resource as last
-- published (JSON): the previous status and validity of segment-updated, the creation time an update keeps, the
-- resource an activation carries.
create table publisher_segment (
    tenant     text    not null,
    segment_id text    not null,
    generation bigint  not null,
    live       boolean not null,
    resource   bytea,
    primary key (tenant, segment_id)
);

-- Per live assignment of a segment generation: when it was created. A forced delete publishes the deletion of
-- each row of the segment's generation, reading them a page at a time in key order.
create table publisher_assignment (
    tenant         text        not null,
    segment_id     text        not null,
    generation     bigint      not null,
    assignment_key text        not null,
    created_at     timestamptz not null,
    primary key (tenant, segment_id, generation, assignment_key)
);
