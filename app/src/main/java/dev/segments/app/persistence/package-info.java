/** Hibernate settings that keep Axon's tables free of PostgreSQL large objects. */
package dev.segments.app.persistence;
