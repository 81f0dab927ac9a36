package com.salesbooking.api.webhook;

import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.store.meeting.MeetingStore;
import com.salesbooking.store.meeting.MeetingStore.KnownEvent;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.GraphSubscriptions.Rejection;
import com.salesbooking.store.subscription.GraphSubscriptions.StoredSubscription;
import com.salesbooking.store.subscription.GraphSubscriptions.Verdict;
import com.salesbooking.store.webhook.WebhookJob;
import com.salesbooking.store.webhook.WebhookJobs;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

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
    private final MeetingStore meetings;
    private final AvailabilityService availability;
    private final Executor dispatchExecutor;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, AtomicLong> rejectedWithoutRegistry = new ConcurrentHashMap<>();

    WebhookIntake(
            GraphSubscriptions subscriptions,
            WebhookJobs jobs,
            MeetingStore meetings,
            AvailabilityService availability,
            WebhookDispatchExecutor dispatchExecutor,
            Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        this.subscriptions = subscriptions;
        this.jobs = jobs;
        this.meetings = meetings;
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
                        .register(meters)
                        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    private int store(List<GraphNotification> batch, boolean lifecycleEndpoint) {
        Instant received = clock.instant();
        // one query for the whole batch: a forged batch of unknown ids costs one look-up, not one per notification
        Map<String, StoredSubscription> known = subscriptions.findAll(
                batch.stream().map(GraphNotification::subscriptionId).toList());
        List<WebhookJob> accepted = new ArrayList<>(batch.size());
        Map<String, Integer> rejected = new TreeMap<>();
        String firstRejectedId = null;
        Map<String, KnownEvent> recorded = recordedEvents(batch, known);
        int echoes = 0;
        for (GraphNotification n : batch) {
            String changeType = changeType(n, lifecycleEndpoint);
            Verdict verdict = changeType == null
                    ? null
                    : subscriptions.verifiedSender(known.get(n.subscriptionId()), n.clientState(), n.tenantId());
            if (verdict == null || !verdict.accepted()) {
                rejected.merge(
                        verdict == null ? "malformed" : verdict.rejection().tag(), 1, Integer::sum);
                if (firstRejectedId == null) {
                    firstRejectedId = n.subscriptionId();
                }
                continue;
            }
            var s = verdict.subscription();
            // a lifecycle notification names no event: a null id finds nothing
            KnownEvent event = recorded.get(n.resourceId());
            if (isEcho(n, changeType, event, s.salespersonId())) {
                echoes++;
                continue;
            }
            accepted.add(new WebhookJob(
                    UUID.randomUUID(),
                    s.tenantId(),
                    s.salespersonId(),
                    s.id(),
                    changeType,
                    n.resourceId(),
                    n.resource(),
                    received,
                    0));
        }
        jobs.enqueue(accepted);
        if (echoes > 0) {
            count("skipped", "own_write", echoes);
        }
        for (WebhookJob job : accepted) {
            count("accepted", job.lifecycle() ? "lifecycle" : "change", 1);
            availability.invalidate(job.tenantId(), job.salespersonId());
        }
        if (!rejected.isEmpty()) {
            rejected.forEach((reason, n) -> count("rejected", reason, n));
            // one line per request, whatever the batch holds; the clientState is never logged, and a subscription id
            // only when it has Graph's GUID shape, shortened (an attacker's id could carry line breaks or megabytes)
            log.warn(
                    "webhook notifications dropped: {} of {} ({}); first subscription id {}",
                    rejected.values().stream().mapToInt(Integer::intValue).sum(),
                    batch.size(),
                    rejected,
                    loggableId(firstRejectedId));
        }
        handOver(accepted);
        return accepted.size();
    }

    /**
     * The recorded Outlook events named by the batch's change notifications from known subscriptions, in one query
     * (none when no notification carries a change key: MeetingStore asks nothing for no ids). A HashMap, so a
     * notification without an event id looks up null and finds nothing.
     */
    private Map<String, KnownEvent> recordedEvents(
            List<GraphNotification> batch, Map<String, StoredSubscription> known) {
        List<String> eventIds = batch.stream()
                .filter(n -> n.changeKey() != null && n.resourceId() != null && known.containsKey(n.subscriptionId()))
                .map(GraphNotification::resourceId)
                .toList();
        Map<String, KnownEvent> found = new HashMap<>();
        meetings.knownEvents(eventIds).forEach(e -> found.put(e.eventId(), e));
        return found;
    }

    /**
     * A created or updated notification of an event of ours whose change key is the one we recorded: the event is
     * exactly as we wrote it (or as a job already applied it), so a job would only look and decide "nothing to do".
     * Graph sends two such echoes (created, updated) for every confirm. A deletion is never an echo, and a change key
     * we have not recorded (the salesperson edited it, or our record lags) goes to the workflow as before.
     */
    private static boolean isEcho(GraphNotification n, String changeType, KnownEvent recorded, UUID salespersonId) {
        return recorded != null
                && ("created".equals(changeType) || "updated".equals(changeType))
                && recorded.salespersonId().equals(salespersonId)
                && recorded.changeKey() != null
                && recorded.changeKey().equals(n.changeKey());
    }

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A GUID's first 8 hex digits (enough to find it in the database), or a placeholder for anything else. */
    static String loggableId(String subscriptionId) {
        if (subscriptionId == null) {
            return "(none)";
        }
        return GUID.matcher(subscriptionId).matches() ? subscriptionId.substring(0, 8) + "..." : "(not a GUID)";
    }

    /** Graph's change type, {@code lifecycle:<event>} for a known lifecycle event, or null when it is neither. */
    private static String changeType(GraphNotification n, boolean lifecycleEndpoint) {
        if (n.lifecycleEvent() != null) {
            return LifecycleEvent.fromGraph(n.lifecycleEvent())
                    .map(e -> WebhookJob.LIFECYCLE_PREFIX + e.graphName())
                    .orElse(null);
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

    private void count(String outcome, String reason, int n) {
        if (meters != null) {
            Counter.builder("booking.webhook.notifications")
                    .description("Graph notifications received, by outcome and reason")
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(meters)
                    .increment(n);
        } else if ("rejected".equals(outcome)) {
            rejectedWithoutRegistry
                    .computeIfAbsent(reason, r -> new AtomicLong())
                    .addAndGet(n);
        }
    }

    /** Rejections counted when no meter registry exists (tests without actuator). */
    long rejected(Rejection reason) {
        if (meters != null) {
            Counter c = meters.find("booking.webhook.notifications")
                    .tag("outcome", "rejected")
                    .tag("reason", reason.tag())
                    .counter();
            return c == null ? 0 : (long) c.count();
        }
        AtomicLong n = rejectedWithoutRegistry.get(reason.tag());
        return n == null ? 0 : n.get();
    }
}
