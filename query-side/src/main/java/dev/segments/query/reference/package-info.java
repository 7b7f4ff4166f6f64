/** The local replica of other systems' data (customer and legal entity names) that responses show. */
package dev.segments.query.reference;
