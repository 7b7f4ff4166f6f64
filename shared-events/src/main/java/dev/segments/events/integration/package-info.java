/** The public integration events on Kafka: their types and data, a contract apart from the stored events. */
package dev.segments.events.integration;
