package com.salesbooking.workflows.subscription;

import io.temporal.activity.ActivityInterface;

import java.time.Instant;
import java.util.UUID;

/**
 * Graph subscriptions of one salesperson and the rows that mirror them in {@code graph_subscriptions}. The
 * clientState secret is generated and stored inside {@link #createSubscription}: a workflow only ever sees the
 * subscription's id and expiry.
 */
@ActivityInterface
public interface SubscriptionActivities {

    /** Failure type of renew and reauthorize when Graph no longer knows the subscription (404). */
    String SUBSCRIPTION_NOT_FOUND = "SubscriptionNotFound";

    /** Is the salesperson (and their tenant) still active? Read-only, so trivially idempotent. */
    boolean salespersonActive(UUID tenantId, UUID salespersonId);

    /**
     * Creates a subscription on {@code users/{graph_user_id}/events} (created, updated, deleted) with both
     * notification URLs and a fresh random clientState, stores it as the salesperson's active one and marks the
     * previous ones removed. Idempotent through {@code requestId}: a retried call finds the row it stored and returns
     * it without calling Graph again. (A crash between Graph's answer and the insert leaves a subscription nobody
     * knows the secret of: its notifications are dropped as unknown and it expires on its own.)
     *
     * @param requestId       chosen by the workflow (deterministic), one per intended create
     * @param requestedExpiry what to ask Graph for; the answer says what it granted
     */
    SubscriptionGrant createSubscription(UUID tenantId, UUID salespersonId, UUID requestId, Instant requestedExpiry);

    /**
     * Extends the subscription and stores the granted expiry. Idempotent: asking for the same expiry twice grants
     * it twice. Fails with type {@link #SUBSCRIPTION_NOT_FOUND} (not retried) when Graph answers 404.
     */
    SubscriptionGrant renewSubscription(UUID tenantId, String subscriptionId, Instant requestedExpiry);

    /** Answers a {@code reauthorizationRequired}. Idempotent on Graph's side. 404: {@link #SUBSCRIPTION_NOT_FOUND}. */
    void reauthorizeSubscription(UUID tenantId, String subscriptionId);

    /** Deletes it on Graph (gone already counts as deleted) and marks the row removed. Idempotent. */
    void deleteSubscription(UUID tenantId, String subscriptionId);

    /**
     * Compares every upcoming confirmed booking of the salesperson with its Outlook event and queues a webhook job
     * (change type {@code resync}) for each one that differs from what we last saw (gone, cancelled, or a new change
     * key). The jobs run through the same per-event workflow as notifications, which applies the policy. Idempotent:
     * a second run queues jobs for the same differences, and those find the change key already recorded.
     *
     * @return how many jobs were queued
     */
    int resync(UUID tenantId, UUID salespersonId);

    /**
     * @param subscriptionId Graph's id
     * @param expiresAt      the expiry Graph granted
     */
    record SubscriptionGrant(String subscriptionId, Instant expiresAt) {}
}
