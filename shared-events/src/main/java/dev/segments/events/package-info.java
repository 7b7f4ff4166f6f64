/** Message contracts shared by the command side, the query side and downstream consumers. */
package dev.segments.events;
