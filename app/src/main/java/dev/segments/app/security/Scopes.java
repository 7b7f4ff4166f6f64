package dev.segments.app.security;

/** OAuth2 scopes of the API, as Spring Security authorities. */
final class Scopes {

    static final String MANAGE = "SCOPE_customersegment.segment_manage";
    static final String READ = "SCOPE_customersegment.segment_read";
    static final String READ_OWN = "SCOPE_customersegment.segment_read_own";
    static final String REFERENCE_MANAGE = "SCOPE_customersegment.reference_manage";
    /** Operators: the endpoints under {@code /actuator} other than health, info and metrics; any tenant. */
    static final String ADMIN = "SCOPE_customersegment.admin";

    private Scopes() {
    }
}
