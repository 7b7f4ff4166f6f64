-- Events a projection could not apply, parked per processing group and per segment (the sequence)
-- by Axon's JDBC dead-letter queue, so one bad event stops only its own segment. Axon's default layout, in
-- snake_case.
create table dead_letter_entry (
    dead_letter_id      varchar(255)  not null,
    processing_group    varchar(255)  not null,
    sequence_identifier varchar(255)  not null,
    sequence_index      bigint        not null,
    message_type        varchar(255)  not null,
    event_identifier    varchar(255)  not null,
    time_stamp          varchar(255)  not null,
    payload_type        varchar(255)  not null,
    payload_revision    varchar(255),
    payload             bytea         not null,
    meta_data           bytea,
    aggregate_type      varchar(255),
    aggregate_identifier varchar(255),
    sequence_number     bigint,
    token_type          varchar(255),
    token               bytea,
    enqueued_at         varchar(255)  not null,
    last_touched        varchar(255),
    processing_started  varchar(255),
    cause_type          varchar(255),
    cause_message       varchar(1023),
    diagnostics         bytea,
    constraint dead_letter_entry_pk primary key (dead_letter_id),
    constraint dead_letter_entry_sequence_uk unique (processing_group, sequence_identifier, sequence_index)
);
create index dead_letter_entry_by_event on dead_letter_entry (aggregate_identifier, sequence_number);

-- Which generation of each segment an assignment projection is in, and whether it is live, so
-- that it ignores assignment events of an older generation (a segment created again starts empty).
create table projection_segment_life (
    processor  varchar(255) not null,
    tenant     varchar(16)  not null,
    segment_id varchar(64)  not null,
    generation bigint       not null,
    live       boolean      not null,
    constraint projection_segment_life_pk primary key (processor, tenant, segment_id)
);
