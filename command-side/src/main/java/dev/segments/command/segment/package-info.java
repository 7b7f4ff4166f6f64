/** The segment aggregate, its rules, and the service that dispatches segment commands. */
package dev.segments.command.segment;
