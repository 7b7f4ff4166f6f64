package dev.segments.query;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One projection's knowledge of one segment: how many times it was created, and whether it is live now. */
@Entity
@Table(name = "projection_segment_life")
@IdClass(SegmentLifeEntity.Key.class)
class SegmentLifeEntity {

    @Id
    private String processor;
    @Id
    private String tenant;
    @Id
    private String segmentId;
    private long generation;
    private boolean live;

    protected SegmentLifeEntity() {
    }

    SegmentLifeEntity(Key key) {
        this.processor = key.processor();
        this.tenant = key.tenant();
        this.segmentId = key.segmentId();
    }

    void created() {
        generation++;
        live = true;
    }

    void deleted() {
        live = false;
    }

    boolean isLive(long inGeneration) {
        return live && generation == inGeneration;
    }

    /** Composite primary key. */
    record Key(String processor, String tenant, String segmentId) implements Serializable {
        Key() {
            this(null, null, null);
        }
    }
}
