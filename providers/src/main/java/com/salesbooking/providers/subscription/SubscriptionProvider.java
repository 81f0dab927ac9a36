package com.salesbooking.providers.subscription;

import com.salesbooking.providers.ProviderTenant;

import java.time.Instant;

/**
 * Graph change-notification subscriptions on a salesperson's events. Throws
 * {@link com.salesbooking.providers.ProviderException} on failure; a subscription that does
 * not exist answers {@link SubscriptionNotFoundException} from renew and reauthorize.
 */
public interface SubscriptionProvider {

    /**
     * Subscribes to created/updated/deleted on {@code users/{graphUserId}/events}.
     *
     * @param requestedExpiry the expiry asked for; Graph may grant less, the answer says what it granted
     */
    Subscription create(
            ProviderTenant tenant,
            String graphUserId,
            String notificationUrl,
            String lifecycleUrl,
            String clientState,
            Instant requestedExpiry);

    /** Extends a subscription (PATCH expirationDateTime). */
    Subscription renew(ProviderTenant tenant, String subscriptionId, Instant requestedExpiry);

    /** Reauthorizes after a {@code reauthorizationRequired} lifecycle notification. */
    void reauthorize(ProviderTenant tenant, String subscriptionId);

    /** Deletes a subscription; one that does not exist counts as deleted. */
    void delete(ProviderTenant tenant, String subscriptionId);

    /**
     * @param id        Graph's subscription id
     * @param resource  the subscribed resource
     * @param expiresAt the expiry Graph granted
     */
    record Subscription(String id, String resource, Instant expiresAt) {}

    /** The subscription is gone on Graph's side (404). */
    class SubscriptionNotFoundException extends RuntimeException {
        public SubscriptionNotFoundException(String subscriptionId) {
            super("Graph subscription " + subscriptionId + " does not exist");
        }
    }
}
