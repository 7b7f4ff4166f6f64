/** Audit history queries and responses: who changed what of a segment, and when. */
package dev.segments.events.audit;
