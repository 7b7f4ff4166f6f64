package dev.segments.command.web;

import dev.segments.events.AuditMetadata;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Builds the audit metadata of a command from the request: the tenant of the path, the token's subject as
 * the caller, and the correlation id that the web layer put into the logging context for this request.
 */
public final class AuditContext {

    private AuditContext() {
    }

    public static AuditMetadata of(String tenant, Jwt token) {
        String caller = token.getSubject() != null ? token.getSubject() : token.getClaimAsString("client_id");
        String correlationId = MDC.get(AuditMetadata.CORRELATION_ID);
        return new AuditMetadata(tenant, caller == null ? "unknown" : caller,
                correlationId == null ? UUID.randomUUID().toString() : correlationId);
    }
}
