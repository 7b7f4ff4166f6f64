package dev.segments.query.assignment;

import dev.segments.query.Projection;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Writes of the customer assignment projection. */
interface CustomerAssignmentEntityRepository
        extends JpaRepository<CustomerAssignmentEntity, CustomerAssignmentEntity.Key>, Projection.Rows {

    // clears the persistence context so a re-created assignment later in the same batch is inserted afresh
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from CustomerAssignmentEntity a where a.tenant = ?1 and a.segmentId = ?2")
    void deleteSegment(String tenant, String segmentId);

    @Modifying
    @Query("delete from CustomerAssignmentEntity")
    void deleteAllInBulk();
}
