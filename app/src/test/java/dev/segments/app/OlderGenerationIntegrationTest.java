package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A segment created again starts empty, whatever comes late: assignment events of the segment's earlier life
 * that reach the projections after its deletion and re-creation (which the command side's locks prevent; this
 * is the projections' own defence) are ignored by both assignment projections.
 */
class OlderGenerationIntegrationTest extends IntegrationTestBase {

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void ignoresAssignmentEventsOfAnEarlierLifeOfTheSegment() {
        String tenant = newTenant();
        String base = "/customer-segment/" + tenant + "/segments";
        Api api = api(tenant, MANAGE + " " + READ);
        assertThat(api.post(base, segment("again", "Again")).status()).isEqualTo(201);
        assertThat(api.put(base + "/again/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.delete(base + "/again?forceDelete=true").status()).isEqualTo(204);
        assertThat(api.post(base, segment("again", "Again")).status()).isEqualTo(201);

        Instant late = Instant.now();
        CustomerAssignmentIdentity customer = new CustomerAssignmentIdentity(tenant, "again", 1, "late", null);
        ItemAssignmentIdentity item = new ItemAssignmentIdentity(tenant, "again", 1, ItemType.PRODUCT, "late");
        append(tenant, "CustomerAssignment", customer.aggregateId(), new CustomerAssignedEvent(tenant, "again", 1,
                "late", null, null, null, 1, late));
        append(tenant, "ItemAssignment", item.aggregateId(), new ItemAssignedEvent(tenant, "again", 1,
                ItemType.PRODUCT, "late", null, null, 1, late));
        // a write after them: once it is visible, the projections have processed the late events too
        assertThat(api.put(base + "/again/customers/now", Map.of()).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Json.texts(api.get(base + "/again/customers").json(), "/customer/id"))
                        .containsExactly("now"));
        assertThat(api.get(base + "/again/items").json()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from customer_assignment_view where tenant = ?", Long.class,
                tenant)).isEqualTo(1);
    }

    private void append(String tenant, String type, String aggregateId, Object event) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(new GenericDomainEventMessage<>(type, aggregateId, 1, event,
                MetaData.with("tenant", tenant).and("caller", "test").and("correlationId", "late"))));
    }
}
