package com.salesbooking.activities.sweeper;

import com.salesbooking.activities.SweepHeartbeat;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.booking.BookingWorkflowLauncher;
import com.salesbooking.store.idempotency.ExpiredIdempotencyKeys;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.SubscriptionWorkflowLauncher;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.store.webhook.WebhookJobDispatcher;
import com.salesbooking.workflows.sweeper.SweeperActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Finds the leftovers of crashes and hands them back to their workflows. */
@Component
public class SweeperActivitiesImpl implements SweeperActivities {

    private static final Logger log = LoggerFactory.getLogger(SweeperActivitiesImpl.class);

    /** A running workflow expires its own hold at the TTL; the sweeper looks only at holds this far past it. */
    static final Duration GRACE = Duration.ofMinutes(1);
    /**
     * The api starts a hold's workflow right after committing it (milliseconds); a hold this old in status 'hold' may
     * have none. Such holds get a start attempt per round (one RPC each; a running workflow makes it a no-op).
     */
    static final Duration START_GRACE = Duration.ofSeconds(30);
    /** Bounded work per round; the next round takes the rest. */
    static final int BATCH = 200;

    private final BookingStore bookings;
    private final TenantDirectory directory;
    private final BookingWorkflowLauncher launcher;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<WebhookJobDispatcher> webhookJobs;
    private final CompensationRetrier compensations;
    private final com.salesbooking.activities.notification.ConfirmationEmailRetrier confirmationEmails;
    private final GraphSubscriptions subscriptions;
    private final SubscriptionWorkflowLauncher subscriptionWorkflows;
    private final ExpiredIdempotencyKeys expiredIdempotencyKeys;

    public SweeperActivitiesImpl(
            BookingStore bookings,
            TenantDirectory directory,
            BookingWorkflowLauncher launcher,
            Clock clock,
            org.springframework.beans.factory.ObjectProvider<WebhookJobDispatcher> webhookJobs,
            CompensationRetrier compensations,
            GraphSubscriptions subscriptions,
            SubscriptionWorkflowLauncher subscriptionWorkflows,
            com.salesbooking.activities.notification.ConfirmationEmailRetrier confirmationEmails,
            ExpiredIdempotencyKeys expiredIdempotencyKeys) {
        this.confirmationEmails = confirmationEmails;
        this.expiredIdempotencyKeys = expiredIdempotencyKeys;
        this.compensations = compensations;
        this.subscriptions = subscriptions;
        this.subscriptionWorkflows = subscriptionWorkflows;
        this.bookings = bookings;
        this.directory = directory;
        this.launcher = launcher;
        this.clock = clock;
        this.webhookJobs = webhookJobs;
    }

    /**
     * Every step of a round, each on its own. Latency each step needs, which the interval (5 minutes by default)
     * respects: an orphaned hold (its workflow never started) blocks its slot until TTL + {@link #GRACE} + one
     * interval; a webhook job left queued by a crash right after its 202 applies an Outlook change an interval late;
     * compensations back off from 2 minutes anyway; a salesperson added while the workers run has Outlook changes
     * followed after at most one interval. None of them is on a customer's path.
     */
    @Override
    public SweepReport sweep() {
        return new SweepReport(
                step("orphaned holds", this::sweepExpiredHolds),
                step("queued webhook jobs", this::redispatchQueuedWebhookJobs),
                step("compensations", this::retryCompensations),
                step("missing subscription workflows", this::startMissingSubscriptionWorkflows),
                step("expired idempotency keys", this::purgeExpiredIdempotencyKeys));
    }

    /** Runs one step; a failure is logged in one line and leaves the others running (the next round retries it). */
    private static int step(String name, java.util.function.IntSupplier step) {
        try {
            SweepHeartbeat.beat();
            return step.getAsInt();
        } catch (io.temporal.client.ActivityCompletionException e) {
            // Temporal timed this sweep out or cancelled it (SweepHeartbeat): stop, the next round has begun or will
            throw e;
        } catch (RuntimeException e) {
            log.warn("sweeper step '{}' failed; the next round retries: {}", name, e.toString());
            return -1;
        }
    }

    @Override
    public int sweepExpiredHolds() {
        // expired holds, and young holds still in 'hold' (a booking that reached pending_verify had a workflow):
        // the api commits a hold, then starts its workflow; Temporal failing or the api dying in between leaves a
        // hold no timer expires and no verify-email can reach, which blocks the slot until the TTL plus GRACE
        List<UUID> stale = bookings.holdsToSweep(
                clock.instant().minus(GRACE), clock.instant().minus(START_GRACE), BATCH);
        int started = 0;
        for (UUID id : stale) {
            var booking = bookings.find(id).orElseThrow();
            var tenant = directory.tenant(booking.tenantId()).orElseThrow();
            SweepHeartbeat.beat();
            // a workflow that ran before owns the booking; only one that never started is started here
            if (launcher.start(booking, tenant.meetingProvider())) {
                started++;
                log.info(
                        "sweeper started the workflow of a hold that had none booking={} tenant={}",
                        id,
                        booking.tenantId());
            } else {
                // running (its timer will fire) or closed: nothing to hand over
                log.debug("booking {} already has a workflow", id);
            }
        }
        return started;
    }

    @Override
    public int retryCompensations() {
        // confirmation emails still owed ride along: the same kind of later delivery, without a new workflow step
        return compensations.retryDue() + confirmationEmails.sendDue();
    }

    @Override
    public int redispatchQueuedWebhookJobs() {
        WebhookJobDispatcher dispatcher = webhookJobs.getIfAvailable();
        if (dispatcher == null) {
            return 0;
        }
        // jobs ignored during a confirm saga or failed after their retries: examined again, so no change is lost
        int requeued = dispatcher.requeueUnsettled();
        return requeued + dispatcher.redispatchStale();
    }

    @Override
    public int startMissingSubscriptionWorkflows() {
        var missing = subscriptions.activeSalespersonsWithoutLiveSubscription(clock.instant());
        if (missing.isEmpty()) {
            return 0;
        }
        int running = subscriptionWorkflows.startAll(missing);
        log.info(
                "subscription workflows checked for {} salespersons without a live subscription ({} running)",
                missing.size(),
                running);
        return running;
    }

    /** Rows per delete: a few megabytes of stored bodies at most, one short statement on the index. */
    static final int PURGE_BATCH = 500;
    /**
     * Batches per round: 10,000 rows a minute is far more than the holds a day brings, so a backlog (after an outage
     * of the sweeper) shrinks every round, and one round never holds the database for long.
     */
    static final int PURGE_BATCHES_PER_ROUND = 20;

    @Override
    public int purgeExpiredIdempotencyKeys() {
        int purged = 0;
        for (int batch = 0; batch < PURGE_BATCHES_PER_ROUND; batch++) {
            int deleted = expiredIdempotencyKeys.deleteBatch(clock.instant(), PURGE_BATCH);
            purged += deleted;
            if (deleted < PURGE_BATCH) {
                break;
            }
        }
        if (purged > 0) {
            log.info("sweeper purged {} expired idempotency keys", purged);
        }
        return purged;
    }
}
