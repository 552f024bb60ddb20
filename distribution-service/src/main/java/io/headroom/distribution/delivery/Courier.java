package io.headroom.distribution.delivery;

import io.smallrye.mutiny.Uni;

/** Sends one message over its channel; never fails, every outcome is an {@link Attempt}. */
public interface Courier {

    Uni<Attempt> deliver(Outgoing message);
}
