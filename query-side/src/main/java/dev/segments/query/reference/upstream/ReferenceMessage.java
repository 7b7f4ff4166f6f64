package dev.segments.query.reference.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.events.segment.SegmentIdentity;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.time.Instant;

/**
 * One upstream message, read from its CloudEvents 1.0 structured JSON form: the type, the tenant (extension
 * attribute {@code tenant}), the time of the change (which orders it against what the replica holds) and the
 * {@code data} object. Anything else is a {@link PoisonMessageException} saying what is wrong.
 */
record ReferenceMessage(String id, ReferenceType type, String tenant, Instant time, JsonNode data) {

    private static final EventFormat FORMAT = new JsonFormat();

    static ReferenceMessage parse(byte[] value, ObjectMapper mapper) {
        if (value == null || value.length == 0) {
            throw new PoisonMessageException("empty message");
        }
        try {
            mapper.readTree(value);
        } catch (IOException e) {
            throw new PoisonMessageException("not JSON");
        }
        CloudEvent event;
        try {
            event = FORMAT.deserialize(value);
        } catch (EventDeserializationException | IllegalArgumentException | IllegalStateException e) {
            throw new PoisonMessageException("not a CloudEvent: " + e.getMessage());
        }
        ReferenceType type = ReferenceType.of(event.getType())
                .orElseThrow(() -> new PoisonMessageException("unknown type '" + event.getType() + "'"));
        Object tenant = event.getExtension("tenant");
        if (!(tenant instanceof String text) || text.isBlank()) {
            throw new PoisonMessageException("no tenant");
        }
        if (!SegmentIdentity.TENANT.matcher(text).matches()) {
            throw new PoisonMessageException("tenant '" + text + "' is not 3-16 lowercase letters and digits");
        }
        if (event.getTime() == null) {
            throw new PoisonMessageException("no time");
        }
        JsonNode data;
        try {
            data = event.getData() == null ? null : mapper.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new PoisonMessageException("data is not JSON");
        }
        if (data == null || !data.isObject()) {
            throw new PoisonMessageException("data must be a JSON object");
        }
        return new ReferenceMessage(event.getId(), type, text, event.getTime().toInstant(), data);
    }
}
