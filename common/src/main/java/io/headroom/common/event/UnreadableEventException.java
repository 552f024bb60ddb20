package io.headroom.common.event;

/**
 * A message that cannot be turned into the event its queue carries: not JSON, missing fields, or
 * a {@code schemaVersion} this consumer cannot read. Such a message is refused so that the
 * broker moves it to the dead-letter queue; it is never dropped silently.
 */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
