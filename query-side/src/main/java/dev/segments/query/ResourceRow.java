package dev.segments.query;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * What every projected resource row carries: mixins, metadata mixins, version and timestamps. A row built
 * for a creation event is new, so Spring Data inserts it without looking it up first; loaded rows update.
 */
@MappedSuperclass
public abstract class ResourceRow<K> implements Persistable<K> {

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> mixins;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> metadataMixins;
    private long version;
    private Instant createdAt;
    private Instant modifiedAt;
    @Transient
    private boolean fresh;

    protected ResourceRow() {
    }

    protected ResourceRow(Instant createdAt) {
        this.createdAt = createdAt;
        this.fresh = true;
    }

    /** Records a change of the resource. */
    public void apply(Map<String, Object> mixins, Map<String, Object> metadataMixins, long version,
                      Instant modifiedAt) {
        this.mixins = mixins;
        this.metadataMixins = metadataMixins;
        this.version = version;
        this.modifiedAt = modifiedAt;
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
}
