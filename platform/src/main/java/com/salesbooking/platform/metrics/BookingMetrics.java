package com.salesbooking.platform.metrics;

import com.salesbooking.workflows.booking.BookingStoreActivities.CompensationKind;
import com.salesbooking.workflows.booking.CancelRequest;
import com.salesbooking.workflows.webhook.JobDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.EnumMap;
import java.util.Map;

/**
 * The booking counters behind {@code /actuator/prometheus} (dots become underscores, counters get {@code _total}):
 * <ul>
 * <li>{@value #HOLDS_CREATED}: holds inserted (a replayed request does not count);</li>
 * <li>{@value #CONFIRMATIONS}: bookings that became confirmed;</li>
 * <li>{@value #EXPIRATIONS}: holds that expired unconfirmed;</li>
 * <li>{@value #CANCELLATIONS}{@code {actor}}: confirmed bookings canceled, by customer, salesperson, admin or system;</li>
 * <li>{@value #COMPENSATIONS}{@code {kind}}: compensation jobs recorded by a failed confirm saga;</li>
 * <li>{@value #WEBHOOK_JOBS}{@code {outcome, action}}: Graph webhook jobs finished, done (with the policy's
 * action) or failed;</li>
 * <li>{@value #UNSEEN_CREATES}{@code {provider, resolution}}: meetings and events a provider created although its
 * answer never arrived (a time-out, a worker gone), found afterwards and adopted by a retry or undone by a saga;</li>
 * <li>{@value #CONFIRM_DURATION}{@code {outcome}}: the confirm saga end to end as the api sees it (the Update call:
 * Zoom, Outlook, the transaction, the email), by outcome: confirmed, refused (expired, token used...),
 * provider_unavailable (compensated), error;</li>
 * <li>{@value #SAGA_STEP_DURATION}{@code {step, outcome}}: each step of the saga, measured by the worker around the
 * activity ({@link SagaStepTimers}; workflow code may not read clocks);</li>
 * <li>{@value #WEBHOOK_INTAKE_DURATION}{@code {endpoint}}: a Graph notification batch from the request to the stored
 * jobs.</li>
 * </ul>
 * The timers publish a few bucket boundaries ({@link #LATENCY_BUCKETS}), enough for "share of confirms under 2.5 s";
 * no percentile histogram.
 * Every tag value is known in advance and registered at start, so each series exists at 0 and {@code rate()} works
 * from the first scrape. Inside a transaction an increment waits for the commit: a rolled-back transition (and
 * the activity retry that follows) is counted once, when it really happened.
 */
@Component
public class BookingMetrics {

    /**
     * Not "booking.holds.created": the Prometheus client drops a trailing {@code _created} (OpenMetrics reserves it
     * for creation timestamps), which would publish the series as {@code booking_holds_total}.
     */
    public static final String HOLDS_CREATED = "booking.holds.placed";

    public static final String CONFIRMATIONS = "booking.confirmations";
    public static final String EXPIRATIONS = "booking.expirations";
    public static final String CANCELLATIONS = "booking.cancellations";
    public static final String COMPENSATIONS = "booking.compensations.recorded";
    public static final String WEBHOOK_JOBS = "booking.webhook.jobs";
    public static final String UNSEEN_CREATES = "booking.provider.unseen.creates";
    public static final String CONFIRM_DURATION = "booking.confirm.duration";
    public static final String SAGA_STEP_DURATION = "booking.confirm.step.duration";
    public static final String WEBHOOK_INTAKE_DURATION = "booking.webhook.intake.duration";

    /** Confirm outcomes, as the api classifies the Update's answer. */
    public static final java.util.List<String> CONFIRM_OUTCOMES =
            java.util.List.of("confirmed", "refused", "provider_unavailable", "error");

    /** Bucket boundaries of our timers: a confirm should take 1-3 s (two provider calls), a webhook 202 far less. */
    static final java.time.Duration[] LATENCY_BUCKETS = java.util.stream.Stream.of(
                    0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
            .map(s -> java.time.Duration.ofMillis((long) (s * 1000)))
            .toArray(java.time.Duration[]::new);

    /** What became of a create whose answer was lost. */
    public enum UnseenCreate {
        ZOOM_ADOPTED("zoom", "adopted"),
        ZOOM_UNDONE("zoom", "undone"),
        GRAPH_UNDONE("graph", "undone");

        final String provider;
        final String resolution;

        UnseenCreate(String provider, String resolution) {
            this.provider = provider;
            this.resolution = resolution;
        }
    }

    /** The action tag of a lifecycle notification: it is handed to the subscription workflow, not decided. */
    static final String LIFECYCLE = "lifecycle";

    private final Counter holdsCreated;
    private final Counter confirmations;
    private final Counter expirations;
    private final Map<CancelRequest.Actor, Counter> cancellations = new EnumMap<>(CancelRequest.Actor.class);
    private final Map<CompensationKind, Counter> compensations = new EnumMap<>(CompensationKind.class);
    private final Map<JobDecision.Action, Counter> webhookJobsDone = new EnumMap<>(JobDecision.Action.class);
    private final Counter webhookLifecycleDone;
    private final Counter webhookJobsFailed;
    private final Map<UnseenCreate, Counter> unseenCreates = new EnumMap<>(UnseenCreate.class);
    private final Map<String, Timer> confirmDurations = new java.util.HashMap<>();
    private final MeterRegistry registry;

    /** The application's registry; without one (a plain context) the counters still work, in memory. */
    @Autowired
    public BookingMetrics(ObjectProvider<MeterRegistry> registry) {
        this(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    public BookingMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : CONFIRM_OUTCOMES) {
            confirmDurations.put(
                    outcome,
                    timer(CONFIRM_DURATION, "The confirm saga end to end, as the api sees it")
                            .tag("outcome", outcome)
                            .register(registry));
        }
        holdsCreated = Counter.builder(HOLDS_CREATED)
                .description("Holds placed on a slot")
                .register(registry);
        confirmations =
                Counter.builder(CONFIRMATIONS).description("Bookings confirmed").register(registry);
        expirations = Counter.builder(EXPIRATIONS)
                .description("Holds expired without confirmation")
                .register(registry);
        for (CancelRequest.Actor actor : CancelRequest.Actor.values()) {
            cancellations.put(
                    actor,
                    Counter.builder(CANCELLATIONS)
                            .description("Confirmed bookings canceled")
                            .tag("actor", actor.dbValue())
                            .register(registry));
        }
        for (CompensationKind kind : CompensationKind.values()) {
            compensations.put(
                    kind,
                    Counter.builder(COMPENSATIONS)
                            .description("Compensation jobs recorded by failed confirms")
                            .tag("kind", kind.dbValue())
                            .register(registry));
        }
        for (JobDecision.Action action : JobDecision.Action.values()) {
            webhookJobsDone.put(action, webhookJobs(registry, "done", action.dbValue()));
        }
        webhookLifecycleDone = webhookJobs(registry, "done", LIFECYCLE);
        // a failed job has no decided action; Prometheus needs the key on every series of the name, and "none" is the
        // empty value the scrape keeps out (ScrapeSizeFilter)
        webhookJobsFailed = webhookJobs(registry, "failed", "undecided");
        for (UnseenCreate unseen : UnseenCreate.values()) {
            unseenCreates.put(
                    unseen,
                    Counter.builder(UNSEEN_CREATES)
                            .description("Provider creates whose answer was lost, found afterwards")
                            .tag("provider", unseen.provider)
                            .tag("resolution", unseen.resolution)
                            .register(registry));
        }
    }

    private static Counter webhookJobs(MeterRegistry registry, String outcome, String action) {
        return Counter.builder(WEBHOOK_JOBS)
                .description("Graph webhook jobs finished")
                .tag("outcome", outcome)
                .tag("action", action)
                .register(registry);
    }

    /** A timer builder with our bucket boundaries. */
    public static Timer.Builder timer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS);
    }

    /** Records one confirm (the Update call) by outcome, one of {@link #CONFIRM_OUTCOMES}. */
    public void confirmFinished(String outcome, long nanos) {
        confirmDurations
                .getOrDefault(outcome, confirmDurations.get("error"))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The registry these meters live in (a simple in-memory one without actuator). */
    public MeterRegistry registry() {
        return registry;
    }

    public void holdCreated() {
        afterCommit(holdsCreated);
    }

    public void confirmed() {
        afterCommit(confirmations);
    }

    public void expired() {
        afterCommit(expirations);
    }

    public void canceled(CancelRequest.Actor actor) {
        afterCommit(cancellations.get(actor));
    }

    public void compensationRecorded(CompensationKind kind) {
        afterCommit(compensations.get(kind));
    }

    public void webhookJobDone(JobDecision.Action action) {
        afterCommit(webhookJobsDone.get(action));
    }

    public void webhookLifecycleJobDone() {
        afterCommit(webhookLifecycleDone);
    }

    public void webhookJobFailed() {
        afterCommit(webhookJobsFailed);
    }

    public void unseenCreate(UnseenCreate what) {
        afterCommit(unseenCreates.get(what));
    }

    private static void afterCommit(Counter counter) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment();
                }
            });
        } else {
            counter.increment();
        }
    }
}
