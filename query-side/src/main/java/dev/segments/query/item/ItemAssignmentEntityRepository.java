package dev.segments.query.item;

import dev.segments.query.Projection;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Writes of the item assignment projection. */
interface ItemAssignmentEntityRepository
        extends JpaRepository<ItemAssignmentEntity, ItemAssignmentEntity.Key>, Projection.Rows {

    // clears the persistence context so a re-created assignment later in the same batch is inserted afresh
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from ItemAssignmentEntity i where i.tenant = ?1 and i.segmentId = ?2")
    void deleteSegment(String tenant, String segmentId);

    @Modifying
    @Query("delete from ItemAssignmentEntity")
    void deleteAllInBulk();
}
