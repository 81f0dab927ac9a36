package com.salesbooking.workflows.subscription;

import java.util.Optional;

/** Graph's lifecycle notifications ({@code lifecycleEvent}). */
public enum LifecycleEvent {
    /** Reauthorize (and renew) now, or the subscription stops. */
    REAUTHORIZATION_REQUIRED("reauthorizationRequired"),
    /** Graph removed the subscription: recreate it and resync what may have been missed. */
    SUBSCRIPTION_REMOVED("subscriptionRemoved"),
    /** Graph could not deliver some notifications: resync. */
    MISSED("missed");

    private final String graphName;

    LifecycleEvent(String graphName) {
        this.graphName = graphName;
    }

    public String graphName() {
        return graphName;
    }

    public static Optional<LifecycleEvent> fromGraph(String value) {
        for (LifecycleEvent e : values()) {
            if (e.graphName.equals(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
