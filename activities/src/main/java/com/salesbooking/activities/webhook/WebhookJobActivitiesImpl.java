package com.salesbooking.activities.webhook;

import com.salesbooking.activities.meeting.ProviderFailures;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.calendar.CalendarProvider.CalendarEvent;
import com.salesbooking.store.booking.AuditTrail;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
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

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CalendarProvider calendar;
    private final TenantDirectory directory;
    private final AuditTrail audit;
    private final Clock clock;
    private final BookingMetrics metrics;
    private final WebhookJobs jobs;

    public WebhookJobActivitiesImpl(
            JdbcClient jdbc,
            TransactionTemplate tx,
            CalendarProvider calendar,
            TenantDirectory directory,
            AuditTrail audit,
            Clock clock,
            BookingMetrics metrics,
            WebhookJobs jobs) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.calendar = calendar;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /** The booking an event belongs to, with what we last saw of the event. */
    record TrackedEvent(
            UUID bookingId,
            UUID tenantId,
            BookingStatus status,
            Instant startUtc,
            Instant endUtc,
            String organizerUserId,
            String eventId,
            String etag) {}

    @Override
    public JobDecision inspectJob(UUID jobId) {
        Optional<WebhookJob> found = jobs.find(jobId);
        if (found.isEmpty()) {
            return JobDecision.of(Action.SKIP, "no such job");
        }
        String status = jdbc.sql("SELECT status FROM webhook_jobs WHERE id = ?")
                .param(jobId)
                .query(String.class)
                .single();
        if (status.equals("done") || status.equals("failed")) {
            return JobDecision.of(Action.SKIP, "job already " + status);
        }
        WebhookJob job = found.get();
        jdbc.sql(
                        "UPDATE webhook_jobs SET attempts = attempts + 1, status = 'dispatched', updated_at_utc = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), jobId)
                .update();
        if (job.resourceId() == null) {
            return JobDecision.of(Action.NOT_OURS, "notification without resourceData.id");
        }
        Optional<TrackedEvent> tracked = jdbc.sql("""
                        SELECT b.id, b.tenant_id, b.status, b.start_at_utc, b.end_at_utc, g.organizer_user_id, g.event_id, g.etag
                          FROM graph_events g JOIN bookings b ON b.id = g.booking_id
                         WHERE g.event_id = ? AND b.tenant_id = ? AND b.salesperson_id = ?""")
                .params(job.resourceId(), job.tenantId(), job.salespersonId())
                .query((rs, i) -> new TrackedEvent(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        BookingStatus.fromDb(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)))
                .optional();
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
            int changed = jdbc.sql("""
                            UPDATE webhook_jobs SET status = 'done', outcome = ?, last_error = NULL, updated_at_utc = ?
                             WHERE id = ? AND status <> 'done'""")
                    .params(truncate(decision.action().dbValue() + ": " + note), Timestamp.from(now), jobId)
                    .update();
            if (changed > 0) metrics.webhookJobDone(decision.action());
            if (changed == 0 || decision.bookingId() == null) {
                return;
            }
            if (decision.changeKey() != null) {
                jdbc.sql("UPDATE graph_events SET etag = ?, updated_at = ? WHERE booking_id = ?")
                        .params(decision.changeKey(), Timestamp.from(now), decision.bookingId())
                        .update();
            }
            if (decision.action() == Action.AUDIT_ONLY) {
                UUID tenantId = jdbc.sql("SELECT tenant_id FROM bookings WHERE id = ?")
                        .param(decision.bookingId())
                        .query(UUID.class)
                        .single();
                UUID salespersonId = jdbc.sql("SELECT salesperson_id FROM bookings WHERE id = ?")
                        .param(decision.bookingId())
                        .query(UUID.class)
                        .single();
                Map<String, Object> meta = new HashMap<>();
                meta.put("webhook_job_id", jobId.toString());
                meta.put("change_key", decision.changeKey());
                audit.record(
                        tenantId,
                        decision.bookingId(),
                        "outlook_edited",
                        "salesperson",
                        salespersonId.toString(),
                        now,
                        meta);
            }
        });
        log.info(
                "webhook job {} done: {} (booking {})", jobId, decision.action().dbValue(), decision.bookingId());
    }

    @Override
    public void failJob(UUID jobId, String failureType) {
        int failed = jdbc.sql("""
                        UPDATE webhook_jobs SET status = 'failed', outcome = ?, updated_at_utc = ?
                         WHERE id = ? AND status NOT IN ('done', 'failed')""")
                .params("failed: " + failureType, Timestamp.from(clock.instant()), jobId)
                .update();
        if (failed > 0) metrics.webhookJobFailed();
    }

    private void recordError(UUID jobId, String message) {
        jdbc.sql("UPDATE webhook_jobs SET last_error = ? WHERE id = ?")
                .params(truncate(message), jobId)
                .update();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
