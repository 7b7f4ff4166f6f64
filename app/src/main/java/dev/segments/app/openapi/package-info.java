/** The served OpenAPI document: info, security schemes and scopes per operation, error responses. */
package dev.segments.app.openapi;
