/** The customer assignment projection and the queries it answers, joined with the customer replica. */
package dev.segments.query.assignment;
