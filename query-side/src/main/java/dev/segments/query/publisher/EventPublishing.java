package dev.segments.query.publisher;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether this process publishes integration events, and the publisher's processing group. Publishing needs a
 * broker: without {@code spring.kafka.bootstrap-servers} it is parked (the publisher's processor is not even
 * registered, so it holds no token) and the events wait in the store; the first start with a broker publishes
 * everything from the beginning of the store, in order.
 */
public final class EventPublishing {

    /** The publisher's tracking processor: its own token, independent of the projections. */
    public static final String PROCESSING_GROUP = "integration-publisher";
    public static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    /**
     * The PostgreSQL application name of the publisher's sessions. They never append events, so the event store's
     * read filter need not wait for their transactions (see {@code PublisherDatabase}).
     */
    public static final String APPLICATION_NAME = "segment-service-publisher";

    private EventPublishing() {
    }

    public static boolean configured(Environment environment) {
        return StringUtils.hasText(environment.getProperty(BOOTSTRAP_SERVERS));
    }

    /** Matches when a broker is configured. */
    public static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured(context.getEnvironment());
        }
    }
}
