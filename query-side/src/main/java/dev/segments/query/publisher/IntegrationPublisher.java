package dev.segments.query.publisher;

import static dev.segments.query.publisher.IntegrationEvents.event;
import static dev.segments.query.publisher.IntegrationEvents.micros;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.integration.CustomerAssignmentData;
import dev.segments.events.integration.CustomerAssignmentDeletedData;
import dev.segments.events.integration.IdReference;
import dev.segments.events.integration.IntegrationEventType;
import dev.segments.events.integration.ItemAssignmentData;
import dev.segments.events.integration.ItemAssignmentDeletedData;
import dev.segments.events.integration.Metadata;
import dev.segments.events.integration.SegmentData;
import dev.segments.events.integration.SegmentDeletedData;
import dev.segments.events.integration.SegmentUpdatedData;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemType;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.segment.SegmentActivatedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeactivatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.query.publisher.PublisherBatch.AssignmentKey;
import dev.segments.query.publisher.PublisherBatch.SegmentKey;
import dev.segments.query.publisher.PublisherBatch.SegmentState;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every change in the event store as a CloudEvent on the integration topic, keyed
 * {@code {tenant}:{segmentId}}: all events of one segment (its own and its assignments') go to one partition in
 * the order they were stored. Runs as its own tracking processor ({@value EventPublishing#PROCESSING_GROUP}, one
 * thread, its own token) on query nodes when a broker is configured; its batches commit their token only once
 * Kafka has acknowledged every record (see {@link PublisherBatch}), so an outage delays events and never loses
 * one, and a redelivered batch repeats the same ids.
 *
 * <p>What it needs beyond a stored event it keeps itself, in its own transaction (never reading the
 * projections, which are at other positions): per segment the generation, liveness and resource JSON (the
 * previous status and validity of {@code segment-updated}, the creation time of an update, the resource of an
 * activation), and per live assignment its creation time. A forced delete becomes the deletion of every live
 * assignment of the segment's generation (ids {@code <delete event id>/<assignment key>}, so a redelivery repeats
 * them), read a page at a time, then the segment's deletion. Assignment events of a generation that is not the
 * segment's live one are not published, as the projections ignore them.
 */
@Component
@Conditional(EventPublishing.Configured.class)
@ProcessingGroup(EventPublishing.PROCESSING_GROUP)
class IntegrationPublisher {

    private static final Logger log = LoggerFactory.getLogger(IntegrationPublisher.class);
    private static final String MANUAL = "MANUAL";

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final DefaultKafkaProducerFactory<String, CloudEvent> producers;
    private final PublisherProperties properties;

    IntegrationPublisher(PublisherDatabase database, KafkaTemplate<String, CloudEvent> integrationEventTemplate,
                         DefaultKafkaProducerFactory<String, CloudEvent> integrationEventProducerFactory,
                         PublisherProperties properties) {
        this.jdbc = database.jdbc();
        this.kafka = integrationEventTemplate;
        this.producers = integrationEventProducerFactory;
        this.properties = properties;
    }

    @EventHandler
    void on(EventMessage<?> message) {
        publish(message, batch());
    }

    /**
     * Sends the integration events of one stored event through {@code batch}, whose state (what the publisher knows
     * of segments and assignments) it reads and changes: the live batch keeps that state in the database, a
     * re-delivery in memory ({@link Redeliveries}).
     */
    void publish(EventMessage<?> message, PublisherBatch batch) {
        Object payload = message.getPayload();
        String id = message.getIdentifier();
        if (payload instanceof SegmentCreatedEvent event) {
            created(batch, id, event);
        } else if (payload instanceof SegmentUpdatedEvent event) {
            updated(batch, id, event);
        } else if (payload instanceof SegmentDeletedEvent event) {
            deleted(batch, id, event);
        } else if (payload instanceof SegmentActivatedEvent event) {
            activation(batch, id, IntegrationEventType.SEGMENT_ACTIVATED, event.tenant(), event.segmentId(),
                    event.activatedAt());
        } else if (payload instanceof SegmentDeactivatedEvent event) {
            activation(batch, id, IntegrationEventType.SEGMENT_DEACTIVATED, event.tenant(), event.segmentId(),
                    event.deactivatedAt());
        } else if (payload instanceof CustomerAssignedEvent event) {
            customer(batch, id, IntegrationEventType.CUSTOMER_ASSIGNMENT_CREATED, event.tenant(), event.segmentId(),
                    event.generation(), event.customerId(), event.legalEntityId(), event.mixins(),
                    event.metadataMixins(), event.version(), event.assignedAt());
        } else if (payload instanceof CustomerAssignmentUpdatedEvent event) {
            customer(batch, id, IntegrationEventType.CUSTOMER_ASSIGNMENT_UPDATED, event.tenant(), event.segmentId(),
                    event.generation(), event.customerId(), event.legalEntityId(), event.mixins(),
                    event.metadataMixins(), event.version(), event.modifiedAt());
        } else if (payload instanceof CustomerUnassignedEvent event) {
            customerRemoved(batch, id, event);
        } else if (payload instanceof ItemAssignedEvent event) {
            item(batch, id, IntegrationEventType.ITEM_ASSIGNMENT_CREATED, event.tenant(), event.segmentId(),
                    event.generation(), event.type(), event.itemId(), event.mixins(), event.metadataMixins(),
                    event.version(), event.assignedAt());
        } else if (payload instanceof ItemAssignmentUpdatedEvent event) {
            item(batch, id, IntegrationEventType.ITEM_ASSIGNMENT_UPDATED, event.tenant(), event.segmentId(),
                    event.generation(), event.type(), event.itemId(), event.mixins(), event.metadataMixins(),
                    event.version(), event.modifiedAt());
        } else if (payload instanceof ItemUnassignedEvent event) {
            itemRemoved(batch, id, event);
        }
    }

    private void created(PublisherBatch batch, String id, SegmentCreatedEvent event) {
        SegmentData data = IntegrationEvents.segment(event.segmentId(), event.details(), event.createdAt(),
                event.createdAt(), event.version());
        byte[] json = IntegrationEvents.json(data);
        SegmentState before = batch.segment(event.tenant(), event.segmentId());
        batch.segment(event.tenant(), event.segmentId(), new SegmentState(before.generation() + 1, true, json));
        send(batch, IntegrationEventType.SEGMENT_CREATED, id, event.tenant(), event.segmentId(), event.createdAt(), json);
    }

    private void updated(PublisherBatch batch, String id, SegmentUpdatedEvent event) {
        SegmentState before = batch.segment(event.tenant(), event.segmentId());
        SegmentData previous = before.resource() == null ? null
                : IntegrationEvents.read(before.resource(), SegmentData.class);
        SegmentData now = IntegrationEvents.segment(event.segmentId(), event.details(),
                previous == null ? null : previous.metadata().createdAt(), event.modifiedAt(), event.version());
        batch.segment(event.tenant(), event.segmentId(), new SegmentState(before.generation(), true,
                IntegrationEvents.json(now)));
        SegmentUpdatedData data = new SegmentUpdatedData(now.id(), now.name(), now.description(), now.validity(),
                now.status(), now.siteCode(), now.mixins(), now.metadata(), previous == null ? null
                : new SegmentUpdatedData.Previous(previous.status(), previous.validity(), previous.metadata().version()));
        send(batch, IntegrationEventType.SEGMENT_UPDATED, id, event.tenant(), event.segmentId(), event.modifiedAt(),
                IntegrationEvents.json(data));
    }

    /**
     * The deletion of every live assignment of the segment's generation, a page at a time (waiting for each page's
     * acknowledgements, so memory stays bounded however large the segment), then the segment's own deletion.
     */
    private void deleted(PublisherBatch batch, String id, SegmentDeletedEvent event) {
        SegmentState before = batch.segment(event.tenant(), event.segmentId());
        String after = "";
        while (true) {
            List<String> keys = batch.assignmentPage(event.tenant(), event.segmentId(), before.generation(), after,
                    properties.fanOutPageSize());
            for (String key : keys) {
                assignmentDeletion(batch, id + "/" + key, event.tenant(), event.segmentId(), key, event.deletedAt());
            }
            batch.awaitSends();
            if (keys.size() < properties.fanOutPageSize()) {
                break;
            }
            after = keys.get(keys.size() - 1);
        }
        batch.forgetAssignments(event.tenant(), event.segmentId(), before.generation());
        batch.segment(event.tenant(), event.segmentId(), new SegmentState(before.generation(), false, null));
        send(batch, IntegrationEventType.SEGMENT_DELETED, id, event.tenant(), event.segmentId(), event.deletedAt(),
                IntegrationEvents.json(new SegmentDeletedData(event.segmentId(), event.forced())));
    }

    private void assignmentDeletion(PublisherBatch batch, String id, String tenant, String segmentId, String key,
                                    Instant at) {
        String[] parts = key.split(":");
        if (parts[0].equals("customer")) {
            send(batch, IntegrationEventType.CUSTOMER_ASSIGNMENT_DELETED, id, tenant, segmentId, at,
                    IntegrationEvents.json(new CustomerAssignmentDeletedData(segmentId, new IdReference(parts[1]),
                            parts.length > 2 ? new IdReference(parts[2]) : null)));
        } else {
            send(batch, IntegrationEventType.ITEM_ASSIGNMENT_DELETED, id, tenant, segmentId, at,
                    IntegrationEvents.json(new ItemAssignmentDeletedData(segmentId, ItemType.valueOf(parts[1]),
                            new IdReference(parts[2]))));
        }
    }

    private void activation(PublisherBatch batch, String id, IntegrationEventType type, String tenant,
                            String segmentId, Instant at) {
        SegmentState state = batch.segment(tenant, segmentId);
        byte[] data = state.resource() != null ? state.resource()
                : IntegrationEvents.json(Map.of("id", segmentId));
        send(batch, type, id, tenant, segmentId, at, data);
    }

    private void customer(PublisherBatch batch, String id, IntegrationEventType type, String tenant,
                          String segmentId, long generation,
                          String customerId, String legalEntityId, Map<String, Object> mixins,
                          Map<String, Object> metadataMixins, long version, Instant at) {
        if (!live(batch, tenant, segmentId, generation, id)) {
            return;
        }
        String key = new CustomerAssignmentIdentity(tenant, segmentId, generation, customerId, legalEntityId)
                .assignmentKey();
        Instant createdAt = createdAt(batch, type == IntegrationEventType.CUSTOMER_ASSIGNMENT_CREATED, tenant,
                segmentId, generation, key, at);
        CustomerAssignmentData data = new CustomerAssignmentData(segmentId, new IdReference(customerId),
                legalEntityId == null ? null : new IdReference(legalEntityId), MANUAL, mixins,
                new Metadata(micros(createdAt), micros(at), version, metadataMixins));
        send(batch, type, id, tenant, segmentId, at, IntegrationEvents.json(data));
    }

    private void customerRemoved(PublisherBatch batch, String id, CustomerUnassignedEvent event) {
        if (!live(batch, event.tenant(), event.segmentId(), event.generation(), id)) {
            return;
        }
        batch.unassigned(event.tenant(), event.segmentId(), event.generation(), new CustomerAssignmentIdentity(
                event.tenant(), event.segmentId(), event.generation(), event.customerId(), event.legalEntityId())
                .assignmentKey());
        send(batch, IntegrationEventType.CUSTOMER_ASSIGNMENT_DELETED, id, event.tenant(), event.segmentId(),
                event.unassignedAt(), IntegrationEvents.json(new CustomerAssignmentDeletedData(event.segmentId(),
                        new IdReference(event.customerId()),
                        event.legalEntityId() == null ? null : new IdReference(event.legalEntityId()))));
    }

    private void item(PublisherBatch batch, String id, IntegrationEventType type, String tenant,
                      String segmentId, long generation,
                      ItemType itemType, String itemId, Map<String, Object> mixins, Map<String, Object> metadataMixins,
                      long version, Instant at) {
        if (!live(batch, tenant, segmentId, generation, id)) {
            return;
        }
        String key = new ItemAssignmentIdentity(tenant, segmentId, generation, itemType, itemId).assignmentKey();
        Instant createdAt = createdAt(batch, type == IntegrationEventType.ITEM_ASSIGNMENT_CREATED, tenant, segmentId,
                generation, key, at);
        ItemAssignmentData data = new ItemAssignmentData(segmentId, itemType, new IdReference(itemId), mixins,
                new Metadata(micros(createdAt), micros(at), version, metadataMixins));
        send(batch, type, id, tenant, segmentId, at, IntegrationEvents.json(data));
    }

    private void itemRemoved(PublisherBatch batch, String id, ItemUnassignedEvent event) {
        if (!live(batch, event.tenant(), event.segmentId(), event.generation(), id)) {
            return;
        }
        batch.unassigned(event.tenant(), event.segmentId(), event.generation(), new ItemAssignmentIdentity(
                event.tenant(), event.segmentId(), event.generation(), event.type(), event.itemId()).assignmentKey());
        send(batch, IntegrationEventType.ITEM_ASSIGNMENT_DELETED, id, event.tenant(), event.segmentId(),
                event.unassignedAt(), IntegrationEvents.json(new ItemAssignmentDeletedData(event.segmentId(),
                        event.type(), new IdReference(event.itemId()))));
    }

    /** A creation records the assignment; an update keeps the creation time recorded then. */
    private static Instant createdAt(PublisherBatch batch, boolean creation, String tenant, String segmentId,
                                     long generation, String key, Instant at) {
        if (creation) {
            batch.assigned(tenant, segmentId, generation, key, at);
            return at;
        }
        return batch.assignment(tenant, segmentId, generation, key).orElseGet(() -> {
            batch.assigned(tenant, segmentId, generation, key, at);
            return null;
        });
    }

    private static boolean live(PublisherBatch batch, String tenant, String segmentId, long generation, String id) {
        SegmentState state = batch.segment(tenant, segmentId);
        if (state.live() && state.generation() == generation) {
            return true;
        }
        log.warn("Not publishing event {}: it belongs to generation {} of segment {}:{}, which is not live", id,
                generation, tenant, segmentId);
        return false;
    }

    private void send(PublisherBatch batch, IntegrationEventType type, String id, String tenant, String segmentId,
                      Instant time, byte[] data) {
        batch.send(new ProducerRecord<>(properties.topic(), new SegmentIdentity(tenant, segmentId).aggregateId(),
                event(type, id, tenant, segmentId, time, data)));
    }

    /** The aggregates whose streams belong to a segment (its own, and its assignments'). */
    private static final Set<String> SEGMENT_AGGREGATES = Set.of(SegmentIdentity.AGGREGATE_TYPE,
            CustomerAssignmentIdentity.AGGREGATE_TYPE, ItemAssignmentIdentity.AGGREGATE_TYPE);

    private PublisherBatch batch() {
        return PublisherBatch.current(jdbc, kafka, producers, properties.deliveryTimeout().toMillis(),
                IntegrationPublisher::preload);
    }

    /**
     * Reads at once what the batch's events will ask for: every segment they touch, and the assignments whose
     * update needs their creation time. A payload that cannot be read is left to its handler to fail on.
     */
    private static void preload(PublisherBatch batch, List<? extends Message<?>> messages) {
        Set<SegmentKey> segments = new LinkedHashSet<>();
        Set<AssignmentKey> assignments = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (!(message instanceof DomainEventMessage<?> event) || !SEGMENT_AGGREGATES.contains(event.getType())) {
                continue;
            }
            // the segment from the stream's identifier, without deserializing the event
            SegmentIdentity segment = SegmentIdentity.ofAggregate(event.getAggregateIdentifier());
            segments.add(new SegmentKey(segment.tenant(), segment.segmentId()));
            Class<?> type = event.getPayloadType();
            if (type != CustomerAssignmentUpdatedEvent.class && type != ItemAssignmentUpdatedEvent.class) {
                continue;
            }
            Object payload;
            try {
                payload = event.getPayload();
            } catch (RuntimeException unreadable) {
                continue;
            }
            if (payload instanceof CustomerAssignmentUpdatedEvent updated) {
                assignments.add(new AssignmentKey(updated.tenant(), updated.segmentId(), updated.generation(),
                        new CustomerAssignmentIdentity(updated.tenant(), updated.segmentId(), updated.generation(),
                                updated.customerId(), updated.legalEntityId()).assignmentKey()));
            } else if (payload instanceof ItemAssignmentUpdatedEvent updated) {
                assignments.add(new AssignmentKey(updated.tenant(), updated.segmentId(), updated.generation(),
                        new ItemAssignmentIdentity(updated.tenant(), updated.segmentId(), updated.generation(),
                                updated.type(), updated.itemId()).assignmentKey()));
            }
        }
        batch.preload(segments, assignments);
    }

    /** A reset republishes from the start of the store: what the publisher knew goes with its token. */
    @ResetHandler
    void reset() {
        jdbc.update("delete from publisher_assignment");
        jdbc.update("delete from publisher_segment");
    }
}
