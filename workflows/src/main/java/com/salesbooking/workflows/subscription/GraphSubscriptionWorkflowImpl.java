package com.salesbooking.workflows.subscription;

import com.salesbooking.workflows.booking.MeetingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One cycle per run: make sure a subscription exists, sleep until about half of its granted lifetime (or a
 * lifecycle signal), renew or react, continue as new. Every failure path ends in a later retry, never in a failed
 * workflow: a salesperson without a subscription silently misses Outlook edits.
 */
public class GraphSubscriptionWorkflowImpl implements GraphSubscriptionWorkflow {

    /**
     * What we ask Graph for: 10,080 minutes (7 days) is Graph's documented maximum for Outlook events at the time of
     * writing (it has changed before, which is why we read the granted expiry instead of assuming it); a request
     * above the limit is refused, and our clock may run a little ahead of Graph's, hence the margin.
     */
    public static final Duration MAX_EVENTS_SUBSCRIPTION =
            Duration.ofMinutes(10_080).minus(Duration.ofMinutes(15));
    /** A subscription with less than this left is treated as lapsed and recreated rather than renewed. */
    static final Duration MIN_REMAINING = Duration.ofMinutes(2);
    /** Renewals are never attempted more often than this, even when a renewal keeps failing close to expiry. */
    static final Duration MIN_WAIT = Duration.ofMinutes(1);
    /** After a create that failed for good (Graph down for long, consent missing), try again this much later. */
    static final Duration RETRY_LATER = Duration.ofMinutes(15);

    private static final ActivityOptions GRAPH = ActivityOptions.newBuilder()
            // Graph validates the notification URL while creating (it calls us and waits up to 10 s) on top of its own
            // latency
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(2))
                    // about two minutes of retries; then the cycle retries later (half the remaining time, or
                    // RETRY_LATER)
                    .setMaximumAttempts(5)
                    .setDoNotRetry(SubscriptionActivities.SUBSCRIPTION_NOT_FOUND, MeetingActivities.NON_RETRYABLE)
                    .build())
            .build();

    private static final ActivityOptions DATABASE = ActivityOptions.newBuilder()
            // one indexed read
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    // no attempt limit: a database outage ends; capped so recovery is noticed within a minute
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .build();

    private static final ActivityOptions RESYNC = ActivityOptions.newBuilder()
            // one Graph GET per upcoming confirmed booking: a few hundred for the busiest salesperson
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            // a heartbeat after every Graph GET: a worker that died mid-resync is noticed within one call's time, not
            // after 10 minutes (the reason for the number is on the constant)
            .setHeartbeatTimeout(MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT)
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(10))
                    .setBackoffCoefficient(2)
                    // three tries; the next renewal or missed notification resyncs again anyway
                    .setMaximumAttempts(3)
                    .build())
            .build();

    private final Logger log = Workflow.getLogger(GraphSubscriptionWorkflowImpl.class);
    private final SubscriptionActivities graph = Workflow.newActivityStub(SubscriptionActivities.class, GRAPH);
    private final SubscriptionActivities database = Workflow.newActivityStub(SubscriptionActivities.class, DATABASE);
    private final SubscriptionActivities resyncer = Workflow.newActivityStub(SubscriptionActivities.class, RESYNC);

    private final UUID tenantId;
    private final UUID salespersonId;
    private final List<LifecycleSignal> pending = new ArrayList<>();
    private String subscriptionId;
    private Instant expiresAt;
    private Instant nextRenewalAt;
    private boolean deactivated;
    private boolean stopped;

    @WorkflowInit
    public GraphSubscriptionWorkflowImpl(SubscriptionWorkflowInput input) {
        this.tenantId = input.tenantId();
        this.salespersonId = input.salespersonId();
        this.subscriptionId = input.subscriptionId();
        this.expiresAt = input.expiresAt();
        this.deactivated = input.deactivated();
        if (input.pending() != null) {
            pending.addAll(input.pending());
        }
    }

    @Override
    public void run(SubscriptionWorkflowInput ignored) {
        if (!deactivated && !database.salespersonActive(tenantId, salespersonId)) {
            deactivated = true;
        }
        if (deactivated) {
            stop();
            return;
        }
        if (subscriptionId == null || expiresAt == null || !expiresAt.isAfter(now().plus(MIN_REMAINING))) {
            if (!recreate()) {
                nextRenewalAt = now().plus(RETRY_LATER);
                Workflow.await(RETRY_LATER, () -> deactivated);
                nextCycle();
                return;
            }
            // the first subscription, or one that lapsed: edits made while nobody listened are found by comparing
            resync();
        }
        Duration wait = Duration.between(now(), expiresAt).dividedBy(2);
        if (wait.compareTo(MIN_WAIT) < 0) {
            wait = MIN_WAIT;
        }
        nextRenewalAt = now().plus(wait);
        boolean woken = Workflow.await(wait, () -> deactivated || !pending.isEmpty());
        if (deactivated) {
            stop();
            return;
        }
        if (woken) {
            handleLifecycle();
        } else {
            renew();
        }
        nextCycle();
    }

    @Override
    public void lifecycle(LifecycleSignal signal) {
        if (signal != null && signal.event() != null) {
            pending.add(signal);
        }
    }

    @Override
    public void salespersonDeactivated() {
        deactivated = true;
    }

    @Override
    public SubscriptionState state() {
        return new SubscriptionState(subscriptionId, expiresAt, nextRenewalAt, stopped);
    }

    private void handleLifecycle() {
        boolean reauthorize = false;
        boolean removed = false;
        boolean missed = false;
        for (LifecycleSignal signal : pending) {
            if (subscriptionId != null
                    && signal.subscriptionId() != null
                    && !signal.subscriptionId().equals(subscriptionId)) {
                // about a subscription we already replaced
                log.info(
                        "lifecycle {} for old subscription {} of salesperson {} ignored",
                        signal.event(),
                        signal.subscriptionId(),
                        salespersonId);
                continue;
            }
            switch (signal.event()) {
                case REAUTHORIZATION_REQUIRED -> reauthorize = true;
                case SUBSCRIPTION_REMOVED -> removed = true;
                case MISSED -> missed = true;
            }
        }
        pending.clear();
        if (removed) {
            // a recreate resyncs, which also covers a missed notification in the same batch
            if (recreate()) {
                resync();
            }
            return;
        }
        if (reauthorize) {
            try {
                graph.reauthorizeSubscription(tenantId, subscriptionId);
                renew();
            } catch (ActivityFailure e) {
                if (notFound(e)) {
                    if (recreate()) {
                        resync();
                    }
                    return;
                }
                log.warn(
                        "reauthorizing subscription {} of salesperson {} failed; the renewal retries",
                        subscriptionId,
                        salespersonId);
            }
        }
        if (missed) {
            resync();
        }
    }

    private void renew() {
        try {
            SubscriptionActivities.SubscriptionGrant grant =
                    graph.renewSubscription(tenantId, subscriptionId, requestedExpiry());
            expiresAt = grant.expiresAt();
            // every renewal cycle (at most 3.5 days apart) also compares the upcoming bookings with Outlook: a change
            // whose notification never came, or whose job failed for good, is found; added after the first release,
            // so running subscription workflows replay their earlier renewals unchanged
            if (Workflow.getVersion("resync-on-renewal", Workflow.DEFAULT_VERSION, 1) >= 1) {
                resync();
            }
        } catch (ActivityFailure e) {
            if (notFound(e)) {
                log.info("subscription {} of salesperson {} is gone (404): recreating", subscriptionId, salespersonId);
                if (recreate()) {
                    resync();
                }
            } else {
                log.warn(
                        "renewing subscription {} of salesperson {} failed; retrying at half the remaining time",
                        subscriptionId,
                        salespersonId);
            }
        }
    }

    /** A new subscription replaces the current one; false when Graph refused for now (retried later). */
    private boolean recreate() {
        try {
            SubscriptionActivities.SubscriptionGrant grant =
                    graph.createSubscription(tenantId, salespersonId, Workflow.randomUUID(), requestedExpiry());
            subscriptionId = grant.subscriptionId();
            expiresAt = grant.expiresAt();
            return true;
        } catch (ActivityFailure e) {
            log.warn("creating a subscription for salesperson {} failed; retrying in {}", salespersonId, RETRY_LATER);
            subscriptionId = null;
            expiresAt = null;
            return false;
        }
    }

    private void resync() {
        try {
            resyncer.resync(tenantId, salespersonId);
        } catch (ActivityFailure e) {
            log.warn("resync of salesperson {} failed; the next renewal or missed notification resyncs", salespersonId);
        }
    }

    private void stop() {
        if (subscriptionId != null) {
            try {
                graph.deleteSubscription(tenantId, subscriptionId);
            } catch (ActivityFailure e) {
                // it expires on its own within days, and its notifications are dropped as unknown once the row is
                // removed
                log.warn(
                        "deleting subscription {} of deactivated salesperson {} failed", subscriptionId, salespersonId);
            }
        }
        stopped = true;
        Workflow.await(Workflow::isEveryHandlerFinished);
    }

    private void nextCycle() {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(new SubscriptionWorkflowInput(
                tenantId, salespersonId, subscriptionId, expiresAt, List.copyOf(pending), deactivated));
    }

    private Instant requestedExpiry() {
        return now().plus(MAX_EVENTS_SUBSCRIPTION);
    }

    private static boolean notFound(ActivityFailure e) {
        return e.getCause() instanceof ApplicationFailure af
                && SubscriptionActivities.SUBSCRIPTION_NOT_FOUND.equals(af.getType());
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
}
