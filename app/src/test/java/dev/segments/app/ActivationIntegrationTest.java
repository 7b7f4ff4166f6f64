package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.segments.events.segment.SegmentActivatedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeactivatedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Activation and deactivation at a segment's validity boundaries with no request at all, recorded in the event
 * store by the persistent deadlines (db-scheduler in PostgreSQL): once per boundary while two service nodes run
 * against one database, and at the next start for a boundary that passed while no node ran. Time is driven by
 * short validity windows on the real clock.
 */
class ActivationIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String tenant = IntegrationTestBase.newTenant();
    private final String base = "/customer-segment/" + tenant + "/segments";

    @Test
    void firesEachBoundaryOnceWithNoRequestWhileTwoNodesRun() {
        String database = TestDatabase.create();
        ConfigurableApplicationContext first = null;
        ConfigurableApplicationContext second = null;
        try {
            first = Nodes.start(database);
            second = Nodes.start(database);
            List<Api> apis = List.of(api(first), api(second));
            Instant from = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
            Instant to = from.plusSeconds(3);
            for (int s = 0; s < 6; s++) {
                assertThat(apis.get(s % 2).post(base, IntegrationTestBase.segment("w" + s, "ACTIVE", "main", from, to))
                        .status()).isEqualTo(201);
            }
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            Awaitility.await().atMost(PATIENCE).until(() -> count(jdbc, SegmentDeactivatedEvent.class) == 6);
            sleep(Duration.ofSeconds(3));
            for (int s = 0; s < 6; s++) {
                assertThat(types(jdbc, "w" + s)).containsExactly(SegmentCreatedEvent.class.getName(),
                        SegmentActivatedEvent.class.getName(), SegmentDeactivatedEvent.class.getName());
            }
            assertThat(instants(jdbc, SegmentActivatedEvent.class, "activatedAt"))
                    .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(from).isBefore(to));
            assertThat(instants(jdbc, SegmentDeactivatedEvent.class, "deactivatedAt"))
                    .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(to));
            assertThat(jdbc.queryForList("select distinct convert_from(meta_data, 'UTF8')::jsonb ->> 'caller' "
                    + "from domain_event_entry where payload_type like '%activatedEvent' and aggregate_identifier "
                    + "like ?", String.class, tenant + ":%")).containsExactly("validity-scheduler");
            assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Long.class)).isZero();
            // read-side: the segments are listed as created; a customer view filters by the window
            assertThat(api(second).get(base + "/w0").status()).isEqualTo(200);
        } finally {
            Nodes.stop(first, second);
        }
    }

    @Test
    void firesABoundaryThatPassedWhileNoNodeRanAtTheNextStart() {
        String database = TestDatabase.create();
        ConfigurableApplicationContext node = Nodes.start(database);
        Instant from;
        try {
            from = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            assertThat(api(node).post(base, IntegrationTestBase.segment("later", "ACTIVE", "main", from, null))
                    .status()).isEqualTo(201);
        } finally {
            Nodes.stop(node);
        }
        Awaitility.await().atMost(PATIENCE).until(() -> Instant.now().isAfter(from.plusSeconds(1)));
        ConfigurableApplicationContext restarted = Nodes.start(database);
        try {
            JdbcTemplate jdbc = restarted.getBean(JdbcTemplate.class);
            Awaitility.await().atMost(PATIENCE).until(() -> count(jdbc, SegmentActivatedEvent.class) == 1);
            sleep(Duration.ofSeconds(3));
            assertThat(types(jdbc, "later")).containsExactly(SegmentCreatedEvent.class.getName(),
                    SegmentActivatedEvent.class.getName());
            assertThat(instants(jdbc, SegmentActivatedEvent.class, "activatedAt"))
                    .allSatisfy(at -> assertThat(at).isAfter(from));
        } finally {
            Nodes.stop(restarted);
        }
    }

    private long count(JdbcTemplate jdbc, Class<?> type) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ? "
                + "and aggregate_identifier like ?", Long.class, type.getName(), tenant + ":%");
    }

    private List<String> types(JdbcTemplate jdbc, String segmentId) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", String.class, tenant + ":" + segmentId);
    }

    private List<Instant> instants(JdbcTemplate jdbc, Class<?> type, String field) {
        List<Instant> found = new ArrayList<>();
        jdbc.queryForList("select convert_from(payload, 'UTF8')::jsonb ->> ? from domain_event_entry "
                        + "where payload_type = ? and aggregate_identifier like ?", String.class, field, type.getName(),
                tenant + ":%").forEach(text -> found.add(Instant.parse(text)));
        return found;
    }

    private Api api(ConfigurableApplicationContext node) {
        return new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
