package dev.segments.query.item;

import dev.segments.query.ResourceRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One row of the item assignment read model. */
@Entity
@Table(name = "item_assignment_view")
@IdClass(ItemAssignmentEntity.Key.class)
class ItemAssignmentEntity extends ResourceRow<ItemAssignmentEntity.Key> {

    @Id
    private String tenant;
    @Id
    private String segmentId;
    @Id
    private String itemType;
    @Id
    private String itemId;

    protected ItemAssignmentEntity() {
    }

    ItemAssignmentEntity(Key key, Instant createdAt) {
        super(createdAt);
        this.tenant = key.tenant();
        this.segmentId = key.segmentId();
        this.itemType = key.itemType();
        this.itemId = key.itemId();
    }

    @Override
    public Key getId() {
        return new Key(tenant, segmentId, itemType, itemId);
    }

    /** Composite primary key. */
    record Key(String tenant, String segmentId, String itemType, String itemId) implements Serializable {
        Key() {
            this(null, null, null, null);
        }
    }
}
