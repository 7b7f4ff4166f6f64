/** Read-your-writes: holding a command's response until the projections have caught up with it. */
package dev.segments.command.consistency;
