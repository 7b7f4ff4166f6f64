/** The platform's {@code q}, {@code sort}, paging and {@code fields} parameters, compiled to parameterized PostgreSQL. */
package dev.segments.query.search;
