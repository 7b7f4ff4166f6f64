package dev.segments.query.segment;

import dev.segments.events.segment.SegmentDetails;
import jakarta.persistence.Column;
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

/** One row of the segment read model: a segment as the API shows it, keyed by tenant and id. */
@Entity
@Table(name = "segment_view")
@IdClass(SegmentEntity.Key.class)
class SegmentEntity implements Persistable<SegmentEntity.Key> {

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
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> mixins;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata_mixins")
    private Map<String, Object> metadataMixins;
    private long version;
    private Instant createdAt;
    private Instant modifiedAt;

    /** Rows built for a creation event are inserted without a lookup first; loaded rows are updated. */
    @Transient
    private boolean fresh;

    protected SegmentEntity() {
    }

    SegmentEntity(String tenant, String id, Instant createdAt) {
        this.fresh = true;
        this.tenant = tenant;
        this.id = id;
        this.createdAt = createdAt;
    }

    void apply(SegmentDetails details, long version, Instant modifiedAt) {
        this.name = details.name();
        this.description = details.description();
        this.status = details.status().name();
        this.siteCode = details.siteCode();
        this.validityFrom = details.validity() == null ? null : details.validity().from();
        this.validityTo = details.validity() == null ? null : details.validity().to();
        this.mixins = details.mixins();
        this.metadataMixins = details.metadataMixins();
        this.version = version;
        this.modifiedAt = modifiedAt;
    }

    @Override
    public Key getId() {
        return new Key(tenant, id);
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
    record Key(String tenant, String id) implements Serializable {
        Key() {
            this(null, null);
        }
    }
}
