-- Every event remembers the transaction that appended it. Processors read only events of transactions older
-- than every transaction of this database still in progress (see PostgresEventStatements), so they can never
-- run far ahead of an open transaction's global index and give it up as a gap. Events stored before this
-- migration belong to long finished transactions: '0' sorts below every transaction id.
alter table domain_event_entry add column tx_id xid8 not null default '0';
alter table domain_event_entry alter column tx_id set default pg_current_xact_id();
