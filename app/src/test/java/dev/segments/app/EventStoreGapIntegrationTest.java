package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.segments.command.consistency.ProcessorPositions;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.query.publisher.EventPublishing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An event whose transaction commits late is never skipped by a processor. The probe that found it: a force
 * delete appends its event, then its transaction stalls (a slow node, a lock wait) while others write on; when
 * it finally commits, every processor must still project it. Played here with a hook that blocks the delete's
 * transaction after the append, once while more than {@code maxGapOffset} events pass it, and once held past
 * the gap timeout while the processors are stopped (when they come back they read events older than the gap
 * timeout, which makes Axon give up every gap it holds). The Kafka publisher (on an embedded broker) is checked
 * with the projections: it publishes the late deletion, its assignments' deletions first.
 */
class EventStoreGapIntegrationTest {

    /** Every processor, the Kafka publisher included: none may skip the late commit. */
    static final List<String> PROCESSORS = List.of("segment-projection", "customer-assignment-projection",
            "item-assignment-projection", "segment-audit-projection", EventPublishing.PROCESSING_GROUP);

    final String tenant = IntegrationTestBase.newTenant();
    final String base = "/customer-segment/" + tenant + "/segments";
    final String topic = "gap-" + tenant;

    @Test
    void projectsAnEventCommittedAfterMoreThanMaxGapOffsetEventsPassedIt() throws Exception {
        ConfigurableApplicationContext node = Nodes.start(TestDatabase.create(), List.of(EventStall.class),
                settings(EventStall.SETTING, "segments.event-store.max-gap-offset=50",
                        "segments.consistency.timeout=200ms"));
        try {
            Api api = api(node);
            deleteCommittingLate(node, api, () -> {
                for (int request = 0; request < 2; request++) {
                    assertThat(api.put(base + "/busy/customers/bulk", customers("r" + request, 200)).status())
                            .isEqualTo(207);
                }
            });
            assertThat(assignments(node, "busy")).isEqualTo(400);
        } finally {
            Nodes.stop(node);
        }
    }

    @Test
    void projectsAnEventCommittedAfterTheGapTimeoutWhileProcessorsWereBehind() throws Exception {
        ConfigurableApplicationContext node = Nodes.start(TestDatabase.create(), List.of(EventStall.class),
                settings(EventStall.SETTING, "segments.event-store.gap-timeout=1s", "segments.consistency.timeout=200ms"));
        try {
            Api api = api(node);
            EventProcessingConfiguration processing = node.getBean(EventProcessingConfiguration.class);
            deleteCommittingLate(node, api, () -> {
                PROCESSORS.forEach(name -> processor(processing, name).shutDown());
                assertThat(api.put(base + "/busy/customers/bulk", customers("late", 20)).status()).isEqualTo(207);
                sleep(Duration.ofMillis(1500));
                PROCESSORS.forEach(name -> processor(processing, name).start());
                sleep(Duration.ofMillis(1000));
            });
            assertThat(assignments(node, "busy")).isEqualTo(20);
        } finally {
            Nodes.stop(node);
        }
    }

    /**
     * Creates {@code gap-seg} with customer and item assignments, force-deletes it with its transaction held
     * open after the append while {@code whileOpen} runs, then checks that every projection shows the deletion.
     */
    private void deleteCommittingLate(ConfigurableApplicationContext node, Api api, Runnable whileOpen)
            throws Exception {
        assertThat(api.post(base, IntegrationTestBase.segment("gap-seg", "Gap")).status()).isEqualTo(201);
        assertThat(api.post(base, IntegrationTestBase.segment("busy", "Busy")).status()).isEqualTo(201);
        assertThat(api.put(base + "/gap-seg/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/gap-seg/customers/c2/le1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/gap-seg/items/PRODUCT/p1", Map.of()).status()).isEqualTo(201);

        EventStall.arm("gap-seg");
        CompletableFuture<Api.Response> delete = CompletableFuture.supplyAsync(
                () -> api.delete(base + "/gap-seg?forceDelete=true"));
        try {
            EventStall.awaitStalled();
            whileOpen.run();
            assertThat(api.get(base + "/gap-seg").status()).as("not committed yet").isEqualTo(200);
        } finally {
            EventStall.release();
        }
        assertThat(delete.get().status()).isEqualTo(204);

        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (rowsOf(jdbc, "gap-seg") > 0 || lagging(node)) {
            assertThat(Instant.now()).as("every projection shows the late deletion; rows left: %s",
                    rowsOf(jdbc, "gap-seg")).isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(api.get(base + "/gap-seg").status()).isEqualTo(404);
        String deletion = jdbc.queryForObject("select event_identifier from domain_event_entry where payload_type = ? "
                + "and aggregate_identifier = ?", String.class, SegmentDeletedEvent.class.getName(), tenant + ":gap-seg");
        try (TopicRecords published = new TopicRecords(TestBroker.shared().bootstrapServers(), topic)) {
            published.await(r -> r.id().equals(deletion), Duration.ofSeconds(60));
            assertThat(published.matching(r -> r.key().equals(tenant + ":gap-seg")).stream()
                    .map(TopicRecords.Received::id).filter(id -> id.startsWith(deletion)).distinct().toList())
                    .containsExactly(deletion + "/customer:c1", deletion + "/customer:c2:le1",
                            deletion + "/item:PRODUCT:p1", deletion);
        }
    }

    private String[] settings(String... settings) {
        List<String> all = new ArrayList<>(List.of(settings));
        all.addAll(List.of(TestBroker.shared().publishing(topic)));
        return all.toArray(String[]::new);
    }

    private long rowsOf(JdbcTemplate jdbc, String segmentId) {
        return jdbc.queryForObject("select (select count(*) from segment_view where tenant = ? and id = ?) "
                + "+ (select count(*) from customer_assignment_view where tenant = ? and segment_id = ?) "
                + "+ (select count(*) from item_assignment_view where tenant = ? and segment_id = ?)", Long.class,
                tenant, segmentId, tenant, segmentId, tenant, segmentId);
    }

    /** Whether any processor's stored position is still below the last event. */
    private static boolean lagging(ConfigurableApplicationContext node) {
        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        ProcessorPositions.Snapshot positions = new ProcessorPositions(jdbc,
                node.getBean("serializer", Serializer.class), PROCESSORS).read();
        return PROCESSORS.stream().anyMatch(name -> positions.position(name) < head);
    }

    private long assignments(ConfigurableApplicationContext node, String segmentId) {
        return node.getBean(JdbcTemplate.class).queryForObject("select count(*) from customer_assignment_view "
                + "where tenant = ? and segment_id = ?", Long.class, tenant, segmentId);
    }

    private Api api(ConfigurableApplicationContext node) {
        return new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
    }

    private static StreamingEventProcessor processor(EventProcessingConfiguration processing, String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
    }

    private static List<Map<String, String>> customers(String prefix, int count) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(Map.of("customerId", prefix + "-" + i));
        }
        return entries;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
