package com.salesbooking.store.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One queued notification: the queue payload of docs/webhooks.md ({@code job_id, tenant_id, salesperson_id,
 * subscription_id, change_type, resource_id, resource, received_at_utc, attempt}), stored as a {@code webhook_jobs}
 * row. Workflows receive only {@link #jobId()}; the row is the payload.
 *
 * @param changeType created, updated or deleted (Graph's), {@code resync} (queued by a resync), or
 *                   {@code lifecycle:<event>} (a lifecycle notification on its way to the subscription workflow)
 * @param resourceId the event id ({@code resourceData.id})
 * @param resource   Graph's resource path, e.g. {@code Users/{id}/Events/{id}}
 * @param attempt    processing attempts so far
 */
public record WebhookJob(
        UUID jobId,
        UUID tenantId,
        UUID salespersonId,
        String subscriptionId,
        String changeType,
        String resourceId,
        String resource,
        Instant receivedAtUtc,
        int attempt) {

    public static final String LIFECYCLE_PREFIX = "lifecycle:";
    public static final String RESYNC = "resync";

    public boolean lifecycle() {
        return changeType.startsWith(LIFECYCLE_PREFIX);
    }
}
