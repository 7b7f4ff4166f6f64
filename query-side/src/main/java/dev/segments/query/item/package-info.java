/** Item assignments: their projection, lists across segments, product matching and category trees. */
package dev.segments.query.item;
