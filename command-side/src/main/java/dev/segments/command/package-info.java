/** The command side: HTTP commands, aggregates and the set-based rules checked before events are appended. */
package dev.segments.command;
