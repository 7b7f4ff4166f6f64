/** The segment projection and the queries it answers. */
package dev.segments.query.segment;
