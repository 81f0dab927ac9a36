package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.subscription.SubscriptionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Graph change-notification subscriptions on a salesperson's events ({@code /subscriptions}). Create runs
 * under the watched mailbox's concurrency limit; renew, reauthorize and delete address the subscription
 * only and do not.
 */
public final class GraphSubscriptionProvider implements SubscriptionProvider {

    private static final Logger log = LoggerFactory.getLogger(GraphSubscriptionProvider.class);
    static final String CHANGE_TYPES = "created,updated,deleted";

    private final GraphExecutor graph;

    public GraphSubscriptionProvider(GraphClientFactory clients, MailboxLimiter limiter, Clock clock) {
        this.graph = new GraphExecutor(clients, limiter, clock);
    }

    @Override
    public Subscription create(
            ProviderTenant tenant,
            String graphUserId,
            String notificationUrl,
            String lifecycleUrl,
            String clientState,
            Instant requestedExpiry) {
        com.microsoft.graph.models.Subscription subscription = new com.microsoft.graph.models.Subscription();
        subscription.setChangeType(CHANGE_TYPES);
        subscription.setResource("users/" + graphUserId + "/events");
        subscription.setNotificationUrl(notificationUrl);
        subscription.setLifecycleNotificationUrl(lifecycleUrl);
        subscription.setClientState(clientState);
        subscription.setExpirationDateTime(requestedExpiry.atOffset(ZoneOffset.UTC));
        com.microsoft.graph.models.Subscription created = graph.onMailbox(
                tenant,
                graphUserId,
                "createSubscription",
                // notifications then carry the same immutable event ids the calendar calls store
                client -> client.subscriptions()
                        .post(
                                subscription,
                                config -> config.headers.add("Prefer", GraphCalendarProvider.PREFER_IMMUTABLE_IDS)));
        Subscription result = toSubscription(created, null, subscription.getResource(), requestedExpiry);
        log.info(
                "Graph subscription {} created on {} until {} (tenant {})",
                result.id(),
                result.resource(),
                result.expiresAt(),
                tenant.slug());
        return result;
    }

    @Override
    public Subscription renew(ProviderTenant tenant, String subscriptionId, Instant requestedExpiry) {
        com.microsoft.graph.models.Subscription patch = new com.microsoft.graph.models.Subscription();
        patch.setExpirationDateTime(requestedExpiry.atOffset(ZoneOffset.UTC));
        try {
            com.microsoft.graph.models.Subscription renewed = graph.onTenant(
                    tenant,
                    "renewSubscription",
                    client -> client.subscriptions()
                            .bySubscriptionId(subscriptionId)
                            .patch(patch));
            Subscription result = toSubscription(renewed, subscriptionId, null, requestedExpiry);
            log.info(
                    "Graph subscription {} renewed until {} (tenant {})",
                    subscriptionId,
                    result.expiresAt(),
                    tenant.slug());
            return result;
        } catch (ProviderException e) {
            throw notFoundOr(e, subscriptionId);
        }
    }

    @Override
    public void reauthorize(ProviderTenant tenant, String subscriptionId) {
        try {
            graph.onTenantRun(
                    tenant,
                    "reauthorizeSubscription",
                    client -> client.subscriptions()
                            .bySubscriptionId(subscriptionId)
                            .reauthorize()
                            .post());
            log.info("Graph subscription {} reauthorized (tenant {})", subscriptionId, tenant.slug());
        } catch (ProviderException e) {
            throw notFoundOr(e, subscriptionId);
        }
    }

    @Override
    public void delete(ProviderTenant tenant, String subscriptionId) {
        try {
            graph.onTenantRun(
                    tenant,
                    "deleteSubscription",
                    client -> client.subscriptions()
                            .bySubscriptionId(subscriptionId)
                            .delete());
            log.info("Graph subscription {} deleted (tenant {})", subscriptionId, tenant.slug());
        } catch (ProviderException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            log.info("Graph subscription {} was already gone (tenant {})", subscriptionId, tenant.slug());
        }
    }

    private static RuntimeException notFoundOr(ProviderException e, String subscriptionId) {
        return e.httpStatus() == 404 ? new SubscriptionNotFoundException(subscriptionId) : e;
    }

    /** Graph's answer; a field it left out falls back to what was asked for. */
    private static Subscription toSubscription(
            com.microsoft.graph.models.Subscription answer, String id, String resource, Instant requestedExpiry) {
        if (answer == null) {
            return new Subscription(id, resource, requestedExpiry);
        }
        return new Subscription(
                answer.getId() != null ? answer.getId() : id,
                answer.getResource() != null ? answer.getResource() : resource,
                answer.getExpirationDateTime() != null
                        ? answer.getExpirationDateTime().toInstant()
                        : requestedExpiry);
    }
}
