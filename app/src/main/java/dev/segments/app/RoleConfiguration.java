package dev.segments.app;

import dev.segments.command.CommandSideConfiguration;
import dev.segments.query.QuerySideConfiguration;
import java.util.Arrays;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

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
