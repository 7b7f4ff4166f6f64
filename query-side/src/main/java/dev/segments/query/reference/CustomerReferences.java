package dev.segments.query.reference;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The replica of customer and legal entity names. Responses join it at read time, so a change of a name
 * shows up in every existing assignment at once; assignments to ids it does not know show only the id.
 */
@Component
public class CustomerReferences {

    private final JdbcTemplate jdbc;

    CustomerReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a customer's names; true when the customer was not known before. */
    public boolean putCustomer(String tenant, String customerId, CustomerData customer) {
        return Boolean.TRUE.equals(jdbc.queryForObject("insert into customer_reference "
                + "(tenant, customer_id, first_name, last_name, email) values (?, ?, ?, ?, ?) "
                + "on conflict (tenant, customer_id) do update set first_name = excluded.first_name, "
                + "last_name = excluded.last_name, email = excluded.email returning (xmax = 0)", Boolean.class,
                tenant, customerId, customer.firstName(), customer.lastName(), customer.email()));
    }

    public void deleteCustomer(String tenant, String customerId) {
        jdbc.update("delete from customer_reference where tenant = ? and customer_id = ?", tenant, customerId);
    }

    /** Stores a legal entity's name; true when it was not known before. */
    public boolean putLegalEntity(String tenant, String legalEntityId, LegalEntityData legalEntity) {
        return Boolean.TRUE.equals(jdbc.queryForObject("insert into legal_entity_reference "
                + "(tenant, legal_entity_id, name) values (?, ?, ?) on conflict (tenant, legal_entity_id) "
                + "do update set name = excluded.name returning (xmax = 0)", Boolean.class,
                tenant, legalEntityId, legalEntity.name()));
    }

    public void deleteLegalEntity(String tenant, String legalEntityId) {
        jdbc.update("delete from legal_entity_reference where tenant = ? and legal_entity_id = ?", tenant,
                legalEntityId);
    }
}
