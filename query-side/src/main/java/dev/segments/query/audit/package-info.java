/** Audit history of segments and every version of them and their assignments, for point-in-time reads. */
package dev.segments.query.audit;
