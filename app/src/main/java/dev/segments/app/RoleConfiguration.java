package dev.segments.app;

import dev.segments.app.operations.ConsistencyEndpoint;
import dev.segments.app.operations.DeadLettersEndpoint;
import dev.segments.app.operations.ProcessorHealth;
import dev.segments.app.operations.ProjectionsEndpoint;
import dev.segments.app.operations.RedeliveriesEndpoint;
import dev.segments.app.operations.PublisherHealth;
import dev.segments.command.CommandSideConfiguration;
import dev.segments.query.Projections;
import dev.segments.query.QuerySideConfiguration;
import dev.segments.query.consistency.ConsistencyCheck;
import dev.segments.query.rebuild.ProjectionRebuilds;
import dev.segments.query.publisher.EventPublishing;
import dev.segments.query.publisher.Redeliveries;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Chooses what this process runs from {@code segments.roles} ({@code command}, {@code query} or both, the
 * default). A query-only process registers no aggregates and so never appends to the event store; a
 * command-only process runs no projections and waits for the query nodes' stored positions instead.
 */
class RoleConfiguration {

    static final String PROPERTY = "segments.roles";

    @Configuration
    @Conditional(CommandRole.class)
    @Import(CommandSideConfiguration.class)
    static class CommandRoleConfiguration {
    }

    @Configuration
    @Conditional(QueryRole.class)
    @Import(QuerySideConfiguration.class)
    static class QueryRoleConfiguration {

        /** Health contributor "eventProcessors" and the gauges of the projections this role runs. */
        @Bean("eventProcessors")
        ProcessorHealth processorHealth(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer,
                                        EventProcessingConfiguration processing, Clock clock,
                                        @Value("${segments.health.max-processor-lag:100000}") long maxLag,
                                        @Value("${segments.health.max-processor-lag-age:60s}") Duration maxLagAge) {
            return new ProcessorHealth(jdbc, serializer, processing, clock, maxLag, maxLagAge, Projections.ALL);
        }

        /**
         * Health contributor "eventPublisher" and the Kafka publisher's gauges (lag, broker); UNKNOWN while no broker
         * is configured (publishing parked).
         */
        @Bean("eventPublisher")
        PublisherHealth publisherHealth(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer,
                                        EventProcessingConfiguration processing, Clock clock, Environment environment,
                                        KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles,
                                        @Value("${segments.health.max-processor-lag:100000}") long maxLag,
                                        @Value("${segments.health.max-processor-lag-age:60s}") Duration maxLagAge) {
            return new PublisherHealth(jdbc, serializer, processing, clock, maxLag, maxLagAge,
                    EventPublishing.configured(environment)
                            ? () -> kafka.buildAdminProperties(sslBundles.getIfAvailable()) : null);
        }

        @Bean
        DeadLettersEndpoint deadLettersEndpoint(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
            return new DeadLettersEndpoint(jdbc, processing, Projections.ALL);
        }

        @Bean
        ProjectionsEndpoint projectionsEndpoint(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer,
                                                EventProcessingConfiguration processing, Clock clock,
                                                ProjectionRebuilds rebuilds) {
            return new ProjectionsEndpoint(jdbc, serializer, processing, clock, rebuilds);
        }

        @Bean
        RedeliveriesEndpoint redeliveriesEndpoint(ObjectProvider<Redeliveries> redeliveries) {
            return new RedeliveriesEndpoint(redeliveries);
        }

        @Bean
        ConsistencyEndpoint consistencyEndpoint(ConsistencyCheck check) {
            return new ConsistencyEndpoint(check);
        }
    }

    static boolean enabled(ConditionContext context, String role) {
        String roles = context.getEnvironment().getProperty(PROPERTY, "command,query");
        return Arrays.stream(roles.split(",")).map(String::trim).anyMatch(role::equalsIgnoreCase);
    }

    static class CommandRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context, "command");
        }
    }

    static class QueryRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context, "query");
        }
    }
}
