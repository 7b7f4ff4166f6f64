package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.segments.query.Projections;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The decisions taken on the known traps of Axon on PostgreSQL (see the README), checked against the
 * running service and its database: no large objects, a one-by-one global index, gaps read back with the
 * next events, tracking processors that propagate errors for projections, subscribing ones for command-side
 * lookup tables, and a lag report.
 */
class AxonOnPostgresIntegrationTest extends IntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    DataSource dataSource;

    @Test
    void storesPayloadsMetadataAndTokensAsByteaNeverAsLargeObjects() {
        List<Map<String, Object>> columns = jdbc.queryForList("select table_name, column_name, data_type "
                + "from information_schema.columns where table_name in ('domain_event_entry', 'snapshot_event_entry', "
                + "'token_entry') and column_name in ('payload', 'meta_data', 'token')");
        assertThat(columns).hasSize(5).allSatisfy(column -> assertThat(column.get("data_type")).isEqualTo("bytea"));
        assertThat(jdbc.queryForObject("select count(*) from pg_largeobject_metadata", Long.class)).isZero();
    }

    @Test
    void allocatesTheGlobalIndexOneByOne() {
        assertThat(jdbc.queryForObject("select increment_by from pg_sequences where sequencename = "
                + "'domain_event_entry_seq'", Long.class)).isEqualTo(1);
        String tenant = newTenant();
        Api api = api(tenant, MANAGE + " " + READ);
        for (int i = 0; i < 5; i++) {
            // inactive, so that each segment is one event (an active one also records its activation)
            api.post("/customer-segment/" + tenant + "/segments", segment("seq" + i, "INACTIVE", "main", null, null));
        }
        List<Long> indexes = jdbc.queryForList("select global_index from domain_event_entry "
                + "where aggregate_identifier like ? order by global_index", Long.class, tenant + ":%");
        assertThat(indexes).hasSize(5);
        assertThat(indexes.get(4) - indexes.get(0)).isLessThan(50);
    }

    @Test
    void readsATokensGapsTogetherWithTheNextEvents() {
        String tenant = newTenant();
        Api api = api(tenant, MANAGE);
        for (int i = 0; i < 5; i++) {
            api.post("/customer-segment/" + tenant + "/segments", segment("gap" + i, "INACTIVE", "main", null, null));
        }
        List<Long> indexes = jdbc.queryForList("select global_index from domain_event_entry "
                + "where aggregate_identifier like ? order by global_index", Long.class, tenant + ":%");
        assertThat(indexes).hasSize(5);
        // a reader at the third event that has not seen the first two yet, as if their transactions were open
        TrackingToken token = GapAwareTrackingToken.newInstance(indexes.get(2), List.of(indexes.get(0),
                indexes.get(1)));
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(token, false)) {
            List<String> read = events
                    .filter(event -> event instanceof DomainEventMessage<?>)
                    .map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                    .filter(aggregate -> aggregate.startsWith(tenant + ":"))
                    .toList();
            assertThat(read).containsExactly(tenant + ":gap0", tenant + ":gap1", tenant + ":gap3", tenant + ":gap4");
        }
    }

    /**
     * Readers of the store wait for every open transaction that could still append events; a projection's own
     * batch transaction, which writes read models only, holds nobody back. Held open here on a connection of
     * its own, with a transaction id assigned, a write of another tenant is still visible at once.
     */
    @Test
    void aProjectionsOpenTransactionHoldsNoWriteBack() throws Exception {
        String tenant = newTenant();
        Api api = api(tenant, MANAGE + " " + READ);
        try (Connection held = dataSource.getConnection(); Statement statement = held.createStatement()) {
            held.setAutoCommit(false);
            statement.execute("set local application_name = '" + Projections.APPLICATION_NAME + "'");
            statement.execute("select pg_current_xact_id()");
            try {
                Api.Response created = api.post("/customer-segment/" + tenant + "/segments",
                        segment("while-projecting", "INACTIVE", "main", null, null));
                assertThat(created.status()).isEqualTo(201);
                assertThat(created.header("X-Read-Your-Writes")).isNull();
            } finally {
                held.rollback();
            }
        }
    }

    @Test
    void runsProjectionsAsTrackingProcessorsThatPropagateErrors() {
        for (String projection : List.of("segment-projection", "customer-assignment-projection",
                "item-assignment-projection", "segment-audit-projection")) {
            EventProcessor processor = processing.eventProcessor(projection).orElseThrow();
            assertThat(processor).as(projection).isInstanceOf(TrackingEventProcessor.class);
            assertThat(processing.listenerInvocationErrorHandler(projection))
                    .isInstanceOf(PropagatingErrorHandler.class);
        }
        for (String lookup : List.of("segment-registry", "assignment-registry")) {
            assertThat(processing.eventProcessor(lookup).orElseThrow()).as(lookup)
                    .isInstanceOf(SubscribingEventProcessor.class);
        }
    }

    @Test
    void reportsProcessorStateToOperatorsAndMetricsToAnyone() {
        Api anonymous = new Api(port, null);
        api(newTenant(), MANAGE);
        String health = anonymous.get("/actuator/health").body();
        assertThat(health).contains("\"status\":\"UP\"").doesNotContain("eventProcessors", "position");
        Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
        assertThat(operator.get("/actuator/health").body()).contains("\"eventProcessors\"", "\"segment-projection\"",
                "\"lag\"", "\"lagSeconds\"", "\"parked\"");
        assertThat(anonymous.get("/actuator/prometheus").body())
                .contains("segments_processor_lag{processor=\"segment-projection\"}",
                        "segments_processor_lag_seconds{processor=\"segment-projection\"}",
                        "segments_processor_parked{processor=\"segment-projection\"}");
    }
}
