package dev.segments.query.segment;

import static dev.segments.query.processing.ProjectionWriter.json;
import static dev.segments.query.processing.ProjectionWriter.timestamp;

import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.query.processing.Projection;
import dev.segments.query.processing.ProjectionWriter;
import dev.segments.query.Projections;
import dev.segments.query.processing.BatchIsolation;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Maintains {@code segment_view} from segment events. Runs in the {@code segment-projection} tracking
 * processor, whose token commits in the same transaction as these writes, so a restart resumes exactly
 * where it stopped and a reset rebuilds the table from the event store.
 */
@Component
@ProcessingGroup(Projections.SEGMENTS)
class SegmentProjection extends Projection {

    private static final String CREATE = """
            insert into segment_view (tenant, id, name, description, status, site_code, validity_from, validity_to,
                mixins, metadata_mixins, version, created_at, modified_at)
            values (?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)
            on conflict (tenant, id) do update set name = excluded.name, description = excluded.description,
                status = excluded.status, site_code = excluded.site_code, validity_from = excluded.validity_from,
                validity_to = excluded.validity_to, mixins = excluded.mixins,
                metadata_mixins = excluded.metadata_mixins, version = excluded.version,
                created_at = excluded.created_at, modified_at = excluded.modified_at""";
    private static final String UPDATE = """
            update segment_view set name = cast(? as jsonb), description = cast(? as jsonb), status = ?,
                site_code = ?, validity_from = ?, validity_to = ?, mixins = cast(? as jsonb),
                metadata_mixins = cast(? as jsonb), version = ?, modified_at = ?
            where tenant = ? and id = ?""";

    SegmentProjection(ProjectionWriter writer, BatchIsolation isolation) {
        super(writer, isolation, "segment_view");
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        SegmentDetails details = event.details();
        writer.write(CREATE, event.tenant(), event.segmentId(), json(details.name()), json(details.description()),
                details.status().name(), details.siteCode(), timestamp(from(details)), timestamp(to(details)),
                json(details.mixins()), json(details.metadataMixins()), event.version(),
                timestamp(event.createdAt()), timestamp(event.createdAt()));
    }

    @EventHandler
    void on(SegmentUpdatedEvent event) {
        SegmentDetails details = event.details();
        writer.write(UPDATE, json(details.name()), json(details.description()), details.status().name(),
                details.siteCode(), timestamp(from(details)), timestamp(to(details)), json(details.mixins()),
                json(details.metadataMixins()), event.version(), timestamp(event.modifiedAt()), event.tenant(),
                event.segmentId());
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        writer.write("delete from segment_view where tenant = ? and id = ?", event.tenant(), event.segmentId());
    }

    private static Instant from(SegmentDetails details) {
        return details.validity() == null ? null : details.validity().from();
    }

    private static Instant to(SegmentDetails details) {
        return details.validity() == null ? null : details.validity().to();
    }
}
