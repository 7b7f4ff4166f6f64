package dev.segments.query.reference;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The replica of customer and legal entity names. Responses join it at read time, so a change of a name
 * shows up in every existing assignment at once; assignments to ids it does not know show only the id.
 * Every change carries the time it happened upstream; an older one than the replica holds is ignored.
 */
@Component
public class CustomerReferences {

    private final JdbcTemplate jdbc;
    private final Tombstones tombstones;

    CustomerReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.tombstones = new Tombstones(jdbc);
    }

    /** Stores a customer's names as of {@code time}. */
    @Transactional
    public ReferenceOutcome putCustomer(String tenant, String customerId, CustomerData customer, Instant time) {
        if (tombstones.deletedSince(tenant, Tombstones.CUSTOMER, customerId, time)) {
            return ReferenceOutcome.STALE;
        }
        return Tombstones.upserted(jdbc.queryForList("insert into customer_reference "
                + "(tenant, customer_id, first_name, last_name, email, source_time) values (?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant, customer_id) do update set first_name = excluded.first_name, "
                + "last_name = excluded.last_name, email = excluded.email, source_time = excluded.source_time "
                + "where customer_reference.source_time <= excluded.source_time returning (xmax = 0)", Boolean.class,
                tenant, customerId, customer.firstName(), customer.lastName(), customer.email(),
                Timestamp.from(time)));
    }

    @Transactional
    public ReferenceOutcome deleteCustomer(String tenant, String customerId, Instant time) {
        return tombstones.delete("customer_reference", "customer_id = ?", Tombstones.CUSTOMER, tenant, customerId, time,
                customerId);
    }

    /** Stores a legal entity's name as of {@code time}. */
    @Transactional
    public ReferenceOutcome putLegalEntity(String tenant, String legalEntityId, LegalEntityData legalEntity,
                                           Instant time) {
        if (tombstones.deletedSince(tenant, Tombstones.LEGAL_ENTITY, legalEntityId, time)) {
            return ReferenceOutcome.STALE;
        }
        return Tombstones.upserted(jdbc.queryForList("insert into legal_entity_reference "
                + "(tenant, legal_entity_id, name, source_time) values (?, ?, ?, ?) on conflict "
                + "(tenant, legal_entity_id) do update set name = excluded.name, source_time = excluded.source_time "
                + "where legal_entity_reference.source_time <= excluded.source_time returning (xmax = 0)",
                Boolean.class, tenant, legalEntityId, legalEntity.name(), Timestamp.from(time)));
    }

    @Transactional
    public ReferenceOutcome deleteLegalEntity(String tenant, String legalEntityId, Instant time) {
        return tombstones.delete("legal_entity_reference", "legal_entity_id = ?", Tombstones.LEGAL_ENTITY, tenant,
                legalEntityId, time, legalEntityId);
    }
}
