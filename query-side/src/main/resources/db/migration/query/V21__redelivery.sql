-- Operators' re-deliveries of stored events to the integration topic: what was asked, state and count, so that any
-- node answers GET /actuator/redeliveries/{id}.
create table redelivery (
    id            varchar(36)   not null,
    state         varchar(16)   not null,
    published     bigint        not null default 0,
    from_position bigint,
    from_time     timestamptz,
    to_time       timestamptz,
    tenant        varchar(16),
    requested_at  timestamptz   not null,
    finished_at   timestamptz,
    error         varchar(2000),
    constraint redelivery_pk primary key (id),
    constraint redelivery_state check (state in ('RUNNING', 'DONE', 'FAILED'))
);
