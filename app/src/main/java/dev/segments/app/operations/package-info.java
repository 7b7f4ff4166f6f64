/** Operational views of the service: event processor positions and lag for health and metrics. */
package dev.segments.app.operations;
