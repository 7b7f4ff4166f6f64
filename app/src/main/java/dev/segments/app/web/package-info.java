/** HTTP plumbing: error bodies, correlation ids, request size and path checks. */
package dev.segments.app.web;
