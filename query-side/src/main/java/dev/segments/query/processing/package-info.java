/** How the projections' processors run: per-segment sequences, dead letters, and isolating a failed batch. */
package dev.segments.query.processing;
