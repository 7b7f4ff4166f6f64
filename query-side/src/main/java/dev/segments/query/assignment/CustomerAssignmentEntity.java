package dev.segments.query.assignment;

import dev.segments.query.ResourceRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One row of the customer assignment read model; B2C assignments have an empty legal entity id. */
@Entity
@Table(name = "customer_assignment_view")
@IdClass(CustomerAssignmentEntity.Key.class)
class CustomerAssignmentEntity extends ResourceRow<CustomerAssignmentEntity.Key> {

    static final String NO_LEGAL_ENTITY = "";

    @Id
    private String tenant;
    @Id
    private String segmentId;
    @Id
    private String customerId;
    @Id
    private String legalEntityId;
    private String assignmentType;

    protected CustomerAssignmentEntity() {
    }

    CustomerAssignmentEntity(Key key, String assignmentType, Instant createdAt) {
        super(createdAt);
        this.tenant = key.tenant();
        this.segmentId = key.segmentId();
        this.customerId = key.customerId();
        this.legalEntityId = key.legalEntityId();
        this.assignmentType = assignmentType;
    }

    @Override
    public Key getId() {
        return new Key(tenant, segmentId, customerId, legalEntityId);
    }

    /** Composite primary key. */
    record Key(String tenant, String segmentId, String customerId, String legalEntityId) implements Serializable {
        Key() {
            this(null, null, null, null);
        }

        static Key of(String tenant, String segmentId, String customerId, String legalEntityId) {
            return new Key(tenant, segmentId, customerId, legalEntityId == null ? NO_LEGAL_ENTITY : legalEntityId);
        }
    }
}
