/** Customer assignment messages: which customers (B2C) or customers acting for legal entities (B2B) are in a segment. */
package dev.segments.events.assignment;
