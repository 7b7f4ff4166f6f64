-- The event store is written through Axon's JDBC engine, which leaves the global index to the database:
-- take it from the existing one-by-one sequence.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
