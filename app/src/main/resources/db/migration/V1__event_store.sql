-- Axon's JPA event store, snapshot and token tables, owned by Flyway (Hibernate only validates).
-- Payloads, metadata and tokens are bytea (never large objects, see PostgresByteaDialect); the global index
-- is taken one by one (INCREMENT BY 1, matched by META-INF/orm.xml) so indexes follow commit order closely.

create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null,
    event_identifier     varchar(255) not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_pk primary key (global_index),
    constraint domain_event_entry_event_identifier_uk unique (event_identifier),
    constraint domain_event_entry_aggregate_sequence_uk unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint snapshot_event_entry_pk primary key (aggregate_identifier, sequence_number, type),
    constraint snapshot_event_entry_event_identifier_uk unique (event_identifier)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255) not null,
    owner          varchar(255),
    constraint token_entry_pk primary key (processor_name, segment)
);
