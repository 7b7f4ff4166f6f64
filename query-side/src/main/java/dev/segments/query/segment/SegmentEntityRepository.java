package dev.segments.query.segment;

import dev.segments.query.Projection;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Writes of the segment projection; reads go through {@link SegmentQueries} for the q language. */
interface SegmentEntityRepository extends JpaRepository<SegmentEntity, SegmentEntity.Key>, Projection.Rows {

    @Modifying
    @Query("delete from SegmentEntity")
    void deleteAllInBulk();
}
