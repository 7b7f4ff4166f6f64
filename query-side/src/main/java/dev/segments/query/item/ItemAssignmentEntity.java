package dev.segments.query.item;

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

/** One row of the item assignment read model. */
@Entity
@Table(name = "item_assignment_view")
@IdClass(ItemAssignmentEntity.Key.class)
class ItemAssignmentEntity implements Persistable<ItemAssignmentEntity.Key> {

    @Id
    private String tenant;
    @Id
    private String segmentId;
    @Id
    private String itemType;
    @Id
    private String itemId;
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

    protected ItemAssignmentEntity() {
    }

    ItemAssignmentEntity(Key key, Instant createdAt) {
        this.fresh = true;
        this.tenant = key.tenant();
        this.segmentId = key.segmentId();
        this.itemType = key.itemType();
        this.itemId = key.itemId();
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
        return new Key(tenant, segmentId, itemType, itemId);
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
    record Key(String tenant, String segmentId, String itemType, String itemId) implements Serializable {
        Key() {
            this(null, null, null, null);
        }
    }
}
