/** The jar's commands besides running the service: local tokens and operator calls to a running service. */
package dev.segments.app.cli;
