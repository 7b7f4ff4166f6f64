package dev.segments.query.search;

import java.util.List;

/** A piece of SQL and the values for its {@code ?} placeholders, in order. */
record SqlFragment(String sql, List<Object> parameters) {
}
