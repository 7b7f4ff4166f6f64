/** Web plumbing shared by the command endpoints: caller context, bulk results. */
package dev.segments.command.web;
