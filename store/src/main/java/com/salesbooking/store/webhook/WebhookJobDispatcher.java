package com.salesbooking.store.webhook;

/**
 * Hands queued webhook jobs to their workflows. The webhook feature provides the implementation; until it
 * exists there are no jobs to re-dispatch.
 */
public interface WebhookJobDispatcher {

    /** Re-dispatches jobs left {@code queued} longer than a grace period; returns how many. */
    int redispatchStale();

    /**
     * Jobs whose change may be lost (ignored while the booking's confirm saga ran, or failed after their retries):
     * each is examined again as a new job; returns how many were handed over.
     */
    int requeueUnsettled();
}
