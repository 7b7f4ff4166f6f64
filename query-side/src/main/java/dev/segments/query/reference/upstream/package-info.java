/** The reference data replica fed by the upstream systems' topic: CloudEvents in, dead letters out. */
package dev.segments.query.reference.upstream;
