/** HTTP endpoints that feed the reference data replica (bootstrap and tests). */
package dev.segments.query.reference.web;
