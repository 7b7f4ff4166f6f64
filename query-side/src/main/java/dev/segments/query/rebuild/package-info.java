/** Blue/green rebuilds of a projection: fresh tables from the whole event store beside the live ones, then a swap. */
package dev.segments.query.rebuild;
