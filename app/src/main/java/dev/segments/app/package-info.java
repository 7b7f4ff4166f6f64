/** Assembles the command and query sides into one runnable service and chooses its roles. */
package dev.segments.app;
