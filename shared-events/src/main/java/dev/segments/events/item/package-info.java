/** Item assignment messages (products and categories in segments), matching and category trees. */
package dev.segments.events.item;
