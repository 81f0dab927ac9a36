package com.salesbooking.activities.subscription;

import com.salesbooking.activities.meeting.ProviderFailures;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.calendar.CalendarProvider.CalendarEvent;
import com.salesbooking.providers.subscription.SubscriptionProvider;
import com.salesbooking.providers.subscription.SubscriptionProvider.Subscription;
import com.salesbooking.providers.subscription.SubscriptionProvider.SubscriptionNotFoundException;
import com.salesbooking.store.meeting.MeetingStore;
import com.salesbooking.store.meeting.MeetingStore.WatchedEvent;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.store.webhook.WebhookJob;
import com.salesbooking.store.webhook.WebhookJobs;
import com.salesbooking.workflows.booking.MeetingActivities;
import com.salesbooking.workflows.subscription.SubscriptionActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Graph subscriptions of salespersons, mirrored in {@code graph_subscriptions}; resync of their bookings. */
@Component
public class SubscriptionActivitiesImpl implements SubscriptionActivities {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionActivitiesImpl.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Graph allows clientState up to 255 characters; 32 random bytes are 43 base64url characters. */
    private static final int CLIENT_STATE_BYTES = 32;

    private final SubscriptionProvider subscriptions;
    private final CalendarProvider calendar;
    private final GraphSubscriptions rows;
    private final TenantDirectory directory;
    private final WebhookJobs jobs;
    private final MeetingStore events;
    private final TransactionTemplate tx;
    private final BookingProperties properties;
    private final Clock clock;

    public SubscriptionActivitiesImpl(
            SubscriptionProvider subscriptions,
            CalendarProvider calendar,
            GraphSubscriptions rows,
            TenantDirectory directory,
            WebhookJobs jobs,
            MeetingStore events,
            TransactionTemplate tx,
            BookingProperties properties,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.calendar = calendar;
        this.rows = rows;
        this.directory = directory;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean salespersonActive(UUID tenantId, UUID salespersonId) {
        return directory.tenant(tenantId).map(Tenant::active).orElse(false)
                && directory
                        .salesperson(tenantId, salespersonId)
                        .map(Salesperson::active)
                        .orElse(false);
    }

    @Override
    public SubscriptionGrant createSubscription(
            UUID tenantId, UUID salespersonId, UUID requestId, Instant requestedExpiry) {
        Optional<GraphSubscriptions.StoredSubscription> done = rows.findByRequest(requestId);
        if (done.isPresent()) {
            return new SubscriptionGrant(done.get().id(), done.get().expiresAt());
        }
        Tenant tenant = directory
                .tenant(tenantId)
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "no tenant " + tenantId, MeetingActivities.NON_RETRYABLE));
        Salesperson salesperson = directory
                .salesperson(tenantId, salespersonId)
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "no salesperson " + salespersonId, MeetingActivities.NON_RETRYABLE));
        String clientState = newClientState();
        String base = properties.webhookBaseUrl().replaceAll("/+$", "");
        Subscription created;
        try {
            created = subscriptions.create(
                    tenant.providerTenant(),
                    salesperson.graphUserId(),
                    base + "/v1/webhooks/graph",
                    base + "/v1/webhooks/graph/lifecycle",
                    clientState,
                    requestedExpiry);
        } catch (ProviderException e) {
            throw ProviderFailures.toFailure(e);
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> rows.insertActive(
                created.id(),
                tenantId,
                salespersonId,
                created.resource(),
                clientState,
                created.expiresAt(),
                requestId,
                now));
        log.info(
                "subscription {} created for salesperson {} (tenant {}) until {}",
                created.id(),
                salespersonId,
                tenantId,
                created.expiresAt());
        return new SubscriptionGrant(created.id(), created.expiresAt());
    }

    @Override
    public SubscriptionGrant renewSubscription(UUID tenantId, String subscriptionId, Instant requestedExpiry) {
        Tenant tenant = directory.tenant(tenantId).orElseThrow();
        Subscription renewed = onExisting(
                subscriptionId, () -> subscriptions.renew(tenant.providerTenant(), subscriptionId, requestedExpiry));
        rows.updateExpiry(subscriptionId, renewed.expiresAt(), clock.instant());
        return new SubscriptionGrant(subscriptionId, renewed.expiresAt());
    }

    @Override
    public void reauthorizeSubscription(UUID tenantId, String subscriptionId) {
        Tenant tenant = directory.tenant(tenantId).orElseThrow();
        onExisting(subscriptionId, () -> {
            subscriptions.reauthorize(tenant.providerTenant(), subscriptionId);
            return null;
        });
    }

    /**
     * A call on a subscription Graph should still have: one it no longer knows is marked removed and reported as
     * not found (the workflow then creates a new one); provider failures are classified as everywhere.
     */
    private <T> T onExisting(String subscriptionId, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SubscriptionNotFoundException e) {
            rows.markRemoved(subscriptionId, clock.instant());
            throw notFound(subscriptionId);
        } catch (ProviderException e) {
            throw ProviderFailures.toFailure(e);
        }
    }

    @Override
    public void deleteSubscription(UUID tenantId, String subscriptionId) {
        Tenant tenant = directory.tenant(tenantId).orElseThrow();
        try {
            subscriptions.delete(tenant.providerTenant(), subscriptionId);
        } catch (ProviderException e) {
            throw ProviderFailures.toFailure(e);
        }
        rows.markRemoved(subscriptionId, clock.instant());
    }

    @Override
    public int resync(UUID tenantId, UUID salespersonId) {
        Tenant tenant = directory.tenant(tenantId).orElseThrow();
        Instant now = clock.instant();
        List<WatchedEvent> watched = events.upcomingConfirmed(tenantId, salespersonId, now);
        String subscriptionId = rows.activeFor(salespersonId)
                .map(GraphSubscriptions.StoredSubscription::id)
                .orElse("resync");
        List<WebhookJob> differences = new ArrayList<>();
        for (WatchedEvent w : watched) {
            Optional<CalendarEvent> event;
            try {
                event = calendar.getEvent(tenant.providerTenant(), w.organizerUserId(), w.eventId());
            } catch (ProviderException e) {
                throw ProviderFailures.toFailure(e);
            }
            // one heartbeat per event read (RESYNC's heartbeat timeout): a worker that died mid-resync is noticed
            // in seconds, not after the 10-minute attempt, and an attempt timed out or cancelled meanwhile stops here
            // (ActivityCompletionException) instead of reading on beside its retry
            Activity.getExecutionContext().heartbeat(null);
            boolean differs = event.isEmpty()
                    || event.get().cancelled()
                    || event.get().changeKey() == null
                    || !event.get().changeKey().equals(w.etag());
            if (differs) {
                differences.add(new WebhookJob(
                        UUID.randomUUID(),
                        tenantId,
                        salespersonId,
                        subscriptionId,
                        WebhookJob.RESYNC,
                        w.eventId(),
                        "Users/" + w.organizerUserId() + "/Events/" + w.eventId(),
                        now,
                        0));
            }
        }
        jobs.enqueue(differences);
        differences.forEach(jobs::dispatch);
        log.info(
                "resync of salesperson {} (tenant {}): {} upcoming bookings, {} differ",
                salespersonId,
                tenantId,
                watched.size(),
                differences.size());
        return differences.size();
    }

    private static ApplicationFailure notFound(String subscriptionId) {
        return ApplicationFailure.newNonRetryableFailure(
                "Graph subscription " + subscriptionId + " does not exist", SUBSCRIPTION_NOT_FOUND);
    }

    /** 256 random bits: the per-subscription secret Graph echoes; never logged, never in a workflow. */
    static String newClientState() {
        byte[] bytes = new byte[CLIENT_STATE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
