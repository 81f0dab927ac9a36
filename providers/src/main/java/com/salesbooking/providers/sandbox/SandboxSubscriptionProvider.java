package com.salesbooking.providers.sandbox;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.subscription.SubscriptionProvider;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory Graph subscriptions. Grants what is asked, up to Graph's limit for events (10,080 minutes). */
public class SandboxSubscriptionProvider implements SubscriptionProvider {

    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final SandboxFaults faults;

    public SandboxSubscriptionProvider(SandboxFaults faults) {
        this.faults = faults;
    }

    @Override
    public Subscription create(
            ProviderTenant tenant,
            String graphUserId,
            String notificationUrl,
            String lifecycleUrl,
            String clientState,
            Instant requestedExpiry) {
        faults.check("graph", "createSubscription");
        Subscription s =
                new Subscription(UUID.randomUUID().toString(), "users/" + graphUserId + "/events", requestedExpiry);
        subscriptions.put(s.id(), s);
        return s;
    }

    @Override
    public Subscription renew(ProviderTenant tenant, String subscriptionId, Instant requestedExpiry) {
        faults.check("graph", "renewSubscription");
        Subscription s = subscriptions.computeIfPresent(
                subscriptionId, (k, old) -> new Subscription(old.id(), old.resource(), requestedExpiry));
        if (s == null) {
            throw new SubscriptionNotFoundException(subscriptionId);
        }
        return s;
    }

    @Override
    public void reauthorize(ProviderTenant tenant, String subscriptionId) {
        faults.check("graph", "reauthorizeSubscription");
        if (!subscriptions.containsKey(subscriptionId)) {
            throw new SubscriptionNotFoundException(subscriptionId);
        }
    }

    @Override
    public void delete(ProviderTenant tenant, String subscriptionId) {
        faults.check("graph", "deleteSubscription");
        subscriptions.remove(subscriptionId);
    }

    /** Simulates Graph removing a subscription on its side. */
    public void forget(String subscriptionId) {
        subscriptions.remove(subscriptionId);
    }

    public Map<String, Subscription> subscriptions() {
        return Map.copyOf(subscriptions);
    }
}
