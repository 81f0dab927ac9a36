package com.salesbooking.activities.webhook;

import com.salesbooking.activities.meeting.ProviderFailures;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.calendar.CalendarProvider.CalendarEvent;
import com.salesbooking.store.booking.AuditTrail;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.meeting.MeetingStore;
import com.salesbooking.store.meeting.MeetingStore.TrackedEvent;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.store.webhook.WebhookJob;
import com.salesbooking.store.webhook.WebhookJobs;
import com.salesbooking.workflows.booking.BookingStatus;
import com.salesbooking.workflows.webhook.JobDecision;
import com.salesbooking.workflows.webhook.JobDecision.Action;
import com.salesbooking.workflows.webhook.WebhookJobActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Decides and records what one webhook job means for one booking (the Outlook manual-change policy). */
@Component
public class WebhookJobActivitiesImpl implements WebhookJobActivities {

    private static final Logger log = LoggerFactory.getLogger(WebhookJobActivitiesImpl.class);
    /** last_error is for people reading the row; provider messages are cut to this length. */
    private static final int MAX_ERROR = 500;

    private final MeetingStore events;
    private final BookingStore bookings;
    private final TransactionTemplate tx;
    private final CalendarProvider calendar;
    private final TenantDirectory directory;
    private final AuditTrail audit;
    private final Clock clock;
    private final BookingMetrics metrics;
    private final WebhookJobs jobs;

    public WebhookJobActivitiesImpl(
            MeetingStore events,
            BookingStore bookings,
            TransactionTemplate tx,
            CalendarProvider calendar,
            TenantDirectory directory,
            AuditTrail audit,
            Clock clock,
            BookingMetrics metrics,
            WebhookJobs jobs) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.events = events;
        this.bookings = bookings;
        this.tx = tx;
        this.calendar = calendar;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public JobDecision inspectJob(UUID jobId) {
        Optional<WebhookJob> found = jobs.find(jobId);
        if (found.isEmpty()) {
            return JobDecision.of(Action.SKIP, "no such job");
        }
        String status = jobs.status(jobId);
        if (status.equals("done") || status.equals("failed")) {
            return JobDecision.of(Action.SKIP, "job already " + status);
        }
        WebhookJob job = found.get();
        jobs.startAttempt(jobId, clock.instant());
        if (job.resourceId() == null) {
            return JobDecision.of(Action.NOT_OURS, "notification without resourceData.id");
        }
        Optional<TrackedEvent> tracked = events.trackedEvent(job.resourceId(), job.tenantId(), job.salespersonId());
        if (tracked.isEmpty()) {
            return JobDecision.of(Action.NOT_OURS, "no booking has this event");
        }
        TrackedEvent t = tracked.get();
        if (t.status() != BookingStatus.CONFIRMED) {
            return new JobDecision(
                    Action.IGNORE,
                    t.bookingId(),
                    null,
                    null,
                    null,
                    "booking is " + t.status().dbValue());
        }
        Tenant tenant = directory.tenant(t.tenantId()).orElseThrow();
        Optional<CalendarEvent> event;
        try {
            event = calendar.getEvent(tenant.providerTenant(), t.organizerUserId(), t.eventId());
        } catch (ProviderException e) {
            recordError(jobId, e.getMessage());
            throw ProviderFailures.toFailure(e);
        }
        if (event.isEmpty()) {
            return new JobDecision(Action.DELETED, t.bookingId(), null, null, null, "event deleted in Outlook");
        }
        CalendarEvent e = event.get();
        if (e.cancelled()) {
            return new JobDecision(
                    Action.DELETED, t.bookingId(), null, null, e.changeKey(), "event cancelled in Outlook");
        }
        if (e.changeKey() != null && e.changeKey().equals(t.etag())) {
            return new JobDecision(
                    Action.IGNORE, t.bookingId(), null, null, null, "change key unchanged (our write or a repeat)");
        }
        if (!e.startUtc().equals(t.startUtc()) || !e.endUtc().equals(t.endUtc())) {
            return new JobDecision(
                    Action.MOVED,
                    t.bookingId(),
                    e.startUtc(),
                    e.endUtc(),
                    e.changeKey(),
                    "event moved to " + e.startUtc() + "/" + e.endUtc());
        }
        return new JobDecision(
                Action.AUDIT_ONLY, t.bookingId(), null, null, e.changeKey(), "event edited, times unchanged");
    }

    @Override
    public void completeJob(UUID jobId, JobDecision decision, String note) {
        tx.executeWithoutResult(s -> {
            Instant now = clock.instant();
            boolean completed = jobs.complete(jobId, truncate(decision.action().dbValue() + ": " + note), now);
            if (completed) metrics.webhookJobDone(decision.action());
            if (!completed || decision.bookingId() == null) {
                return;
            }
            if (decision.changeKey() != null) {
                events.updateEtag(decision.bookingId(), decision.changeKey(), now);
            }
            if (decision.action() == Action.AUDIT_ONLY) {
                BookingRecord booking = bookings.find(decision.bookingId()).orElseThrow();
                Map<String, Object> meta = new HashMap<>();
                meta.put("webhook_job_id", jobId.toString());
                meta.put("change_key", decision.changeKey());
                audit.record(
                        booking.tenantId(),
                        decision.bookingId(),
                        "outlook_edited",
                        "salesperson",
                        booking.salespersonId().toString(),
                        now,
                        meta);
            }
        });
        log.info(
                "webhook job {} done: {} (booking {})", jobId, decision.action().dbValue(), decision.bookingId());
    }

    @Override
    public void failJob(UUID jobId, String failureType) {
        if (jobs.fail(jobId, "failed: " + failureType, clock.instant())) metrics.webhookJobFailed();
    }

    private void recordError(UUID jobId, String message) {
        jobs.recordError(jobId, truncate(message));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
