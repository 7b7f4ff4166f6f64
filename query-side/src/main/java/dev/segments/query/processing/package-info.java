/** How projections write and run: batched statements, per-segment sequences, dead letters, isolated retries. */
package dev.segments.query.processing;
