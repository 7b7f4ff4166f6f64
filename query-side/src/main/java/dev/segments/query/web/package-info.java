/** Web plumbing shared by the read endpoints: list parameters, response shaping, languages, pages. */
package dev.segments.query.web;
