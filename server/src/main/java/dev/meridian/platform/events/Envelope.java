package dev.meridian.platform.events;

/** What goes on the bus (docs/events.md): {@code {id, type, occurred_at, data}}, field names in snake_case. */
public record Envelope(String id, String type, String occurredAt, Object data) {}
