package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Defence in depth behind the edge validation: an event that a projection cannot apply (here one an older,
 * laxer version could have stored: a NUL in a name) is parked with its segment, every other segment and
 * tenant goes on at full speed, writes to the parked segment say so at once, health and metrics show it,
 * and operators can list, retry and evict it.
 */
class DeadLetterIntegrationTest extends IntegrationTestBase {

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;

    /** Whatever happens in the test, no parked event is left to turn the shared context's health DOWN. */
    @AfterEach
    void evictWhatWasParked() {
        jdbc.update("delete from dead_letter_entry");
    }

    @Test
    void parksWhatAProjectionCannotApplyAndGoesOnWithEveryOtherSegment() {
        String tenant = newTenant();
        String base = "/customer-segment/" + tenant + "/segments";
        Api api = api(tenant, MANAGE + " " + READ);
        Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
        String sequence = tenant + ":poison";

        append(new SegmentCreatedEvent(tenant, "poison", new SegmentDetails(Map.of("en", "a\u0000b"), null, null,
                SegmentStatus.ACTIVE, "main", null, null), 1, Instant.now()), tenant);

        // every other segment and tenant goes on, well within the read-your-writes bound
        String other = newTenant();
        long started = System.nanoTime();
        Api.Response unaffected = api(other, MANAGE + " " + READ).post("/customer-segment/" + other + "/segments",
                segment("fine", "Fine"));
        assertThat(unaffected.status()).isEqualTo(201);
        assertThat(unaffected.header("X-Read-Your-Writes")).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(10)).until(() -> parked("segment-projection", sequence) == 1);

        // a later write of the parked segment waits behind it and says so at once; the projection that could
        // apply the segment's events (customer assignments) shows its assignments as usual. The audit projection
        // keeps all of a segment's events in one order (its history and versions depend on it), so it parks the
        // poison event too and the assignment behind it: the assignment's write says so as well
        Api.Response update = api.put(base + "/poison", Map.of("name", Map.of("en", "Fixed"), "siteCode", "main"));
        assertThat(update.status()).isEqualTo(204);
        assertThat(update.header("X-Read-Your-Writes")).isEqualTo("parked");
        Api.Response assigned = api.put(base + "/poison/customers/c1", Map.of());
        assertThat(assigned.status()).isEqualTo(201);
        assertThat(assigned.header("X-Read-Your-Writes")).isEqualTo("parked");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from "
                + "customer_assignment_view where tenant = ? and segment_id = 'poison' and customer_id = 'c1'",
                Long.class, tenant) == 1);
        assertThat(parked("segment-projection", sequence)).isEqualTo(2);
        assertThat(parked("customer-assignment-projection", sequence)).isZero();
        assertThat(parked("segment-audit-projection", sequence)).isEqualTo(3);

        JsonNode health = operator.get("/actuator/health").json();
        assertThat(health.at("/components/eventProcessors/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/eventProcessors/details/segment-projection/parked").asLong())
                .isGreaterThanOrEqualTo(2);
        assertThat(new Api(port, null).get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(new Api(port, null).get("/actuator/prometheus").body())
                .containsPattern("segments_processor_parked\\{processor=\"segment-projection\"} [1-9]");

        JsonNode listed = operator.get("/actuator/deadletters").json().at("/groups/segment-projection");
        JsonNode poison = null;
        for (JsonNode entry : listed.get("sequences")) {
            if (entry.get("sequence").asText().equals(sequence)) {
                poison = entry;
            }
        }
        assertThat(poison).isNotNull();
        assertThat(poison.get("segment").asText()).isEqualTo("poison");
        assertThat(poison.get("letters").asInt()).isEqualTo(2);
        assertThat(poison.get("type").asText()).isEqualTo("SegmentCreatedEvent");
        assertThat(poison.at("/failure/message").asText()).isNotBlank();

        assertThat(new Api(port, Tokens.token(tenant, MANAGE)).get("/actuator/deadletters").status()).isEqualTo(403);
        assertThat(new Api(port, null).get("/actuator/deadletters").status()).isEqualTo(401);

        // retrying fails again (the event still holds the NUL) and keeps both parked, in order
        JsonNode retried = operator.post("/actuator/deadletters/segment-projection",
                Map.of("action", "retry", "sequence", sequence)).json();
        assertThat(retried.get("succeeded").asInt()).isZero();
        assertThat(parked("segment-projection", sequence)).isEqualTo(2);

        JsonNode evicted = operator.post("/actuator/deadletters/segment-projection",
                Map.of("action", "evict", "sequence", sequence)).json();
        assertThat(evicted.get("evicted").asInt()).isEqualTo(2);
        assertThat(parked("segment-projection", sequence)).isZero();
        assertThat(operator.post("/actuator/deadletters/segment-projection", Map.of("action", "explode")).status())
                .isEqualTo(400);
    }

    private long parked(String group, String sequence) {
        return jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ? "
                + "and sequence_identifier = ?", Long.class, group, sequence);
    }

    /** Appends an event as an aggregate would, with the audit metadata every event carries. */
    private void append(SegmentCreatedEvent event, String tenant) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(new GenericDomainEventMessage<>("Segment",
                tenant + ":" + event.segmentId(), 0, event, MetaData.with("tenant", tenant)
                .and("caller", "test").and("correlationId", "poison"))));
    }
}
