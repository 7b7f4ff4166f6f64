package dev.segments.events;

import java.util.Map;

/**
 * Who asked for a change, for which tenant, and under which correlation id: carried as Axon metadata on
 * every command and copied onto every event it produces, so the audit trail never depends on payloads.
 */
public record AuditMetadata(String tenant, String caller, String correlationId) {

    public static final String TENANT = "tenant";
    public static final String CALLER = "caller";
    /** The HTTP request's X-Correlation-Id; it replaces Axon's default (the command's message id). */
    public static final String CORRELATION_ID = "correlationId";

    public Map<String, String> asMap() {
        return Map.of(TENANT, tenant, CALLER, caller, CORRELATION_ID, correlationId);
    }
}
