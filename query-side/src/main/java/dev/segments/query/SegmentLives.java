package dev.segments.query;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.stereotype.Component;

/**
 * What an assignment projection knows of the segments: their generation (how many times the id was created)
 * and whether they are live. Assignment events carry the generation they were written in; an event of a
 * generation that is not the segment's live one is ignored, so a segment created again starts empty even if
 * an event of its earlier life ever came after its deletion. Kept per processor, in its own transaction,
 * because each projection is at its own position in the event stream.
 */
@Component
public class SegmentLives {

    @PersistenceContext
    private EntityManager entityManager;

    public void created(String processor, String tenant, String segmentId) {
        SegmentLifeEntity.Key key = new SegmentLifeEntity.Key(processor, tenant, segmentId);
        SegmentLifeEntity life = entityManager.find(SegmentLifeEntity.class, key);
        if (life == null) {
            life = new SegmentLifeEntity(key);
            entityManager.persist(life);
        }
        life.created();
    }

    public void deleted(String processor, String tenant, String segmentId) {
        SegmentLifeEntity life = entityManager.find(SegmentLifeEntity.class,
                new SegmentLifeEntity.Key(processor, tenant, segmentId));
        if (life != null) {
            life.deleted();
        }
    }

    /** Whether the segment is live in the given generation (the persistence context caches it per batch). */
    public boolean isLive(String processor, String tenant, String segmentId, long generation) {
        SegmentLifeEntity life = entityManager.find(SegmentLifeEntity.class,
                new SegmentLifeEntity.Key(processor, tenant, segmentId));
        return life != null && life.isLive(generation);
    }

    /** Forgets everything the processor knew, when it is reset to rebuild from the event store. */
    public void forget(String processor) {
        entityManager.createQuery("delete from SegmentLifeEntity l where l.processor = :processor")
                .setParameter("processor", processor).executeUpdate();
    }
}
