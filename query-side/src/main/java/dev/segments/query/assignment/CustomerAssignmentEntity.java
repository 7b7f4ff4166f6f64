package dev.segments.query.assignment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/** One row of the customer assignment read model; B2C assignments have an empty legal entity id. */
@Entity
@Table(name = "customer_assignment_view")
@IdClass(CustomerAssignmentEntity.Key.class)
class CustomerAssignmentEntity implements Persistable<CustomerAssignmentEntity.Key> {

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
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> mixins;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> metadataMixins;
    private long version;
    private Instant createdAt;
    private Instant modifiedAt;

    /** Rows built for a creation event are inserted without a lookup first; loaded rows are updated. */
    @Transient
    private boolean fresh;

    protected CustomerAssignmentEntity() {
    }

    CustomerAssignmentEntity(Key key, String assignmentType, Instant createdAt) {
        this.fresh = true;
        this.tenant = key.tenant();
        this.segmentId = key.segmentId();
        this.customerId = key.customerId();
        this.legalEntityId = key.legalEntityId();
        this.assignmentType = assignmentType;
        this.createdAt = createdAt;
    }

    void apply(Map<String, Object> mixins, Map<String, Object> metadataMixins, long version, Instant modifiedAt) {
        this.mixins = mixins;
        this.metadataMixins = metadataMixins;
        this.version = version;
        this.modifiedAt = modifiedAt;
    }

    @Override
    public Key getId() {
        return new Key(tenant, segmentId, customerId, legalEntityId);
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
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
