/** Web plumbing shared by the read endpoints: languages, field selection, paging headers. */
package dev.segments.query.web;
