package dev.segments.query.segment;

import dev.segments.events.segment.SegmentDetails;
import dev.segments.query.ResourceRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of the segment read model: a segment as the API shows it, keyed by tenant and id. */
@Entity
@Table(name = "segment_view")
@IdClass(SegmentEntity.Key.class)
class SegmentEntity extends ResourceRow<SegmentEntity.Key> {

    @Id
    private String tenant;
    @Id
    private String id;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, String> name;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, String> description;
    private String status;
    private String siteCode;
    private Instant validityFrom;
    private Instant validityTo;

    protected SegmentEntity() {
    }

    SegmentEntity(String tenant, String id, Instant createdAt) {
        super(createdAt);
        this.tenant = tenant;
        this.id = id;
    }

    void apply(SegmentDetails details, long version, Instant modifiedAt) {
        this.name = details.name();
        this.description = details.description();
        this.status = details.status().name();
        this.siteCode = details.siteCode();
        this.validityFrom = details.validity() == null ? null : details.validity().from();
        this.validityTo = details.validity() == null ? null : details.validity().to();
        apply(details.mixins(), details.metadataMixins(), version, modifiedAt);
    }

    @Override
    public Key getId() {
        return new Key(tenant, id);
    }

    /** Composite primary key. */
    record Key(String tenant, String id) implements Serializable {
        Key() {
            this(null, null);
        }
    }
}
