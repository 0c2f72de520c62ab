package dev.meridian.client;

import java.time.Instant;

/**
 * A message from the server's operators to every player of a zone or the world ({@code POST /v1/admin/broadcast}),
 * e.g. "Server restart in 5 minutes". The text is plain text: show it as text, never as markup.
 *
 * @param text up to 500 characters, no control characters
 * @param serverTime when the server sent it
 */
public record WorldNotice(String text, Instant serverTime) {}
