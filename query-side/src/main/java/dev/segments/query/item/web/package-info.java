/** HTTP endpoints that read item assignments, match products and show category trees. */
package dev.segments.query.item.web;
