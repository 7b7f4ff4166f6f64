/** The query side: projections fed by event processors, and the read API over them. */
package dev.segments.query;
