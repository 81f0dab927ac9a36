package com.salesbooking.api.webhook;

import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.GraphSubscriptions.Rejection;
import com.salesbooking.store.subscription.GraphSubscriptions.Verdict;
import com.salesbooking.store.webhook.WebhookJob;
import com.salesbooking.store.webhook.WebhookJobs;
import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.workflows.subscription.LifecycleEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a verified notification batch into durable jobs, then hands them to workflows off the request thread.
 * Notifications that do not come from one of our active subscriptions (unknown id, wrong clientState, another
 * tenant) are dropped and counted, never processed; the answer is 202 either way, so a prober learns nothing.
 */
@Service
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final GraphSubscriptions subscriptions;
    private final WebhookJobs jobs;
    private final AvailabilityService availability;
    private final Executor dispatchExecutor;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, AtomicLong> rejectedWithoutRegistry = new ConcurrentHashMap<>();

    WebhookIntake(GraphSubscriptions subscriptions, WebhookJobs jobs, AvailabilityService availability,
                  WebhookDispatchExecutor dispatchExecutor, Clock clock, ObjectProvider<MeterRegistry> meters) {
        this.subscriptions = subscriptions;
        this.jobs = jobs;
        this.availability = availability;
        this.dispatchExecutor = dispatchExecutor;
        this.clock = clock;
        this.meters = meters.getIfAvailable();
    }

    /** Change notifications; a lifecycle notification that reached this URL is routed as one. */
    int acceptChanges(List<GraphNotification> batch) {
        return accept(batch, false);
    }

    int acceptLifecycle(List<GraphNotification> batch) {
        return accept(batch, true);
    }

    private int accept(List<GraphNotification> batch, boolean lifecycleEndpoint) {
        long started = System.nanoTime();
        try {
            return store(batch, lifecycleEndpoint);
        } finally {
            if (meters != null) {
                com.salesbooking.platform.metrics.BookingMetrics.timer(
                                com.salesbooking.platform.metrics.BookingMetrics.WEBHOOK_INTAKE_DURATION,
                                "A Graph notification batch from the request to its stored jobs")
                        .tag("endpoint", lifecycleEndpoint ? "lifecycle" : "change")
                        .register(meters).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    private int store(List<GraphNotification> batch, boolean lifecycleEndpoint) {
        Instant received = clock.instant();
        List<WebhookJob> accepted = new ArrayList<>(batch.size());
        for (GraphNotification n : batch) {
            String changeType = changeType(n, lifecycleEndpoint);
            if (changeType == null) {
                reject("malformed", n);
                continue;
            }
            Verdict verdict = subscriptions.verifiedSender(n.subscriptionId(), n.clientState(), n.tenantId());
            if (!verdict.accepted()) {
                reject(verdict.rejection().tag(), n);
                continue;
            }
            var s = verdict.subscription();
            accepted.add(new WebhookJob(UUID.randomUUID(), s.tenantId(), s.salespersonId(), s.id(), changeType,
                    n.resourceId(), n.resource(), received, 0));
        }
        jobs.enqueue(accepted);
        for (WebhookJob job : accepted) {
            count("accepted", job.lifecycle() ? "lifecycle" : "change");
            availability.invalidate(job.tenantId(), job.salespersonId());
        }
        handOver(accepted);
        return accepted.size();
    }

    /** Graph's change type, {@code lifecycle:<event>} for a known lifecycle event, or null when it is neither. */
    private static String changeType(GraphNotification n, boolean lifecycleEndpoint) {
        if (n.lifecycleEvent() != null) {
            return LifecycleEvent.fromGraph(n.lifecycleEvent()).map(e -> WebhookJob.LIFECYCLE_PREFIX + e.graphName()).orElse(null);
        }
        if (lifecycleEndpoint || n.changeType() == null) {
            return null;
        }
        return switch (n.changeType()) {
            case "created", "updated", "deleted" -> n.changeType();
            default -> null;
        };
    }

    /** After the commit, off the request thread: the 202 never waits for Temporal. */
    private void handOver(List<WebhookJob> accepted) {
        for (WebhookJob job : accepted) {
            try {
                dispatchExecutor.execute(() -> jobs.dispatch(job));
            } catch (RejectedExecutionException e) {
                // saturated or shutting down: the job is stored as queued and the sweeper hands it over
                log.warn("webhook job {} left queued for the sweeper (dispatch executor full)", job.jobId());
            }
        }
    }

    private void reject(String reason, GraphNotification n) {
        // the subscription id is Graph's opaque id, not a secret; the clientState is never logged
        log.warn("webhook notification dropped: {} (subscription {})", reason, n.subscriptionId());
        count("rejected", reason);
    }

    private void count(String outcome, String reason) {
        if (meters != null) {
            Counter.builder("booking.webhook.notifications")
                    .description("Graph notifications received, by outcome and reason")
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(meters)
                    .increment();
        } else if ("rejected".equals(outcome)) {
            rejectedWithoutRegistry.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Rejections counted when no meter registry exists (tests without actuator). */
    long rejected(Rejection reason) {
        if (meters != null) {
            Counter c = meters.find("booking.webhook.notifications").tag("outcome", "rejected").tag("reason", reason.tag()).counter();
            return c == null ? 0 : (long) c.count();
        }
        AtomicLong n = rejectedWithoutRegistry.get(reason.tag());
        return n == null ? 0 : n.get();
    }
}
