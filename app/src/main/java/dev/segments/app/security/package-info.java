/** JWT resource server: token verification, scopes per endpoint, tenant isolation, local token minting. */
package dev.segments.app.security;
