package com.salesbooking.activities.meeting;

import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.calendar.CalendarProvider.CalendarEvent;
import com.salesbooking.providers.meeting.MeetingProvider;
import com.salesbooking.store.booking.BookingDetails;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.compensation.CompensationJobs;
import com.salesbooking.store.meeting.MeetingStore;
import com.salesbooking.workflows.booking.MeetingActivities;
import com.salesbooking.workflows.booking.MeetingProviderKind;
import io.temporal.activity.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** Zoom and Outlook for one booking; results are stored in PostgreSQL, never returned to the workflow. */
@Component
public class MeetingActivitiesImpl implements MeetingActivities {

    private static final Logger log = LoggerFactory.getLogger(MeetingActivitiesImpl.class);

    private final BookingDetails details;
    private final MeetingProvider meetings;
    private final CalendarProvider calendar;
    private final MeetingStore stored;
    private final BookingStore bookings;
    private final Clock clock;
    private final BookingMetrics metrics;

    private final CompensationJobs compensations;

    public MeetingActivitiesImpl(
            BookingDetails details,
            MeetingProvider meetings,
            CalendarProvider calendar,
            MeetingStore stored,
            BookingStore bookings,
            Clock clock,
            BookingMetrics metrics,
            CompensationJobs compensations) {
        this.compensations = compensations;
        this.metrics = metrics;
        this.details = details;
        this.meetings = meetings;
        this.calendar = calendar;
        this.stored = stored;
        this.bookings = bookings;
        this.clock = clock;
    }

    @Override
    public void createZoomMeeting(UUID bookingId) {
        if (storedMeetingId(bookingId).isPresent()) {
            return;
        }
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        // Zoom has no idempotency key: a retry first looks for a meeting an earlier attempt created unseen
        // (its answer lost to a time-out, or its worker gone); the first attempt has no predecessor to find
        MeetingProvider.CreatedMeeting created =
                Activity.getExecutionContext().getInfo().getAttempt() > 1
                        ? earlierAttemptsMeeting(c, bookingId).orElse(null)
                        : null;
        if (created != null) {
            log.info(
                    "Zoom meeting {} of booking {} was created by an earlier attempt whose answer was lost; adopted",
                    created.meetingId(),
                    bookingId);
            metrics.unseenCreate(BookingMetrics.UnseenCreate.ZOOM_ADOPTED);
        } else {
            // between the look-up and the create: a heartbeat answered "timed out" or "cancelled" throws here, so an
            // attempt Temporal gave up on never creates a meeting beside its successor's
            Activity.getExecutionContext().heartbeat(null);
            created = call(() -> meetings.createMeeting(
                    c.tenant().providerTenant(),
                    new MeetingProvider.MeetingRequest(
                            bookingId.toString(),
                            "Meeting with " + c.tenant().name() + " (booking " + bookingId + ")",
                            "Booking " + bookingId + " with " + c.salesperson().displayName(),
                            b.startUtc(),
                            Duration.between(b.startUtc(), b.endUtc()),
                            c.salesperson().timezone(),
                            zoomHost(c))));
        }
        stored.saveZoomMeeting(bookingId, created.meetingId(), created.joinUrl(), created.startUrl(), clock.instant());
    }

    @Override
    public void createCalendarEvent(UUID bookingId, int attempt) {
        if (stored.hasCalendarEvent(bookingId)) {
            return;
        }
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        boolean teams = c.tenant().meetingProvider() == MeetingProviderKind.TEAMS;
        String joinUrl = teams
                ? null
                : bookings.joinUrl(bookingId)
                        .orElseThrow(() -> new IllegalStateException("Zoom tenant without a stored meeting"));
        String local = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm")
                .format(b.startUtc().atZone(c.salesperson().timezone()));
        String customer =
                c.customer().name() != null ? c.customer().name() : c.customer().email();
        String subject = "Sales meeting with " + customer + " [booking " + bookingId + "]";
        String body = "<p>Booking " + bookingId + ", " + local + " ("
                + c.salesperson().timezone().getId() + ").</p>"
                + (joinUrl != null ? "<p>Join: <a href=\"" + joinUrl + "\">" + joinUrl + "</a></p>" : "")
                + (c.customer().company() != null
                        ? "<p>Company: " + escape(c.customer().company()) + "</p>"
                        : "");
        CalendarEvent event = call(() -> calendar.createEvent(
                c.tenant().providerTenant(),
                new CalendarProvider.EventRequest(
                        c.salesperson().graphUserId(),
                        transactionIdPrefix(bookingId) + attempt,
                        subject,
                        body,
                        joinUrl != null ? joinUrl : "Microsoft Teams",
                        b.startUtc(),
                        b.endUtc(),
                        c.salesperson().timezone(),
                        c.customer().email(),
                        c.customer().name(),
                        teams)));
        if (teams) {
            if (event.joinUrl() == null) {
                throw ProviderFailures.toFailure(ProviderException.nonRetryable(
                        "graph", "createEvent", "the Teams event came back without a join URL"));
            }
            stored.saveTeamsMeeting(bookingId, event.eventId(), event.joinUrl(), clock.instant());
        }
        stored.saveCalendarEvent(
                bookingId,
                c.salesperson().graphUserId(),
                event.eventId(),
                event.iCalUId(),
                event.changeKey(),
                clock.instant());
    }

    @Override
    public void deleteZoomMeeting(UUID bookingId) {
        Optional<String> meetingId = storedMeetingId(bookingId);
        if (meetingId.isEmpty()) {
            deleteUnseenMeetings(bookingId);
            return;
        }
        BookingDetails.Context c = details.load(bookingId);
        call(() -> {
            meetings.deleteMeeting(c.tenant().providerTenant(), meetingId.get());
            return null;
        });
        stored.deleteZoomMeeting(bookingId);
    }

    @Override
    public void cancelCalendarEvent(UUID bookingId, String comment) {
        Optional<MeetingStore.StoredEvent> event = stored.calendarEvent(bookingId);
        if (event.isEmpty()) {
            cancelUnseenEvents(bookingId, comment);
            return;
        }
        BookingDetails.Context c = details.load(bookingId);
        call(() -> {
            calendar.cancelEvent(
                    c.tenant().providerTenant(),
                    event.get().organizerUserId(),
                    event.get().eventId(),
                    comment);
            return null;
        });
        stored.deleteCalendarEvent(bookingId);
    }

    @Override
    public void updateZoomMeetingTime(UUID bookingId) {
        Optional<String> meetingId = storedMeetingId(bookingId);
        if (meetingId.isEmpty()) {
            return;
        }
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        call(() -> {
            meetings.updateMeeting(
                    c.tenant().providerTenant(),
                    meetingId.get(),
                    b.startUtc(),
                    Duration.between(b.startUtc(), b.endUtc()),
                    c.salesperson().timezone());
            return null;
        });
    }

    /**
     * Nothing stored, yet Zoom may hold a meeting of this booking: a create whose answer was lost on the create
     * activity's last attempt (earlier attempts' meetings are adopted by the next one). Runs only when a saga
     * undoes a Zoom step that stored nothing, so the look-up costs nothing on the normal path.
     */
    private void deleteUnseenMeetings(UUID bookingId) {
        BookingDetails.Context c = details.load(bookingId);
        if (c.tenant().meetingProvider() != MeetingProviderKind.ZOOM) {
            return;
        }
        for (String unseen :
                call(() -> meetings.findMeetingIds(c.tenant().providerTenant(), zoomHost(c), bookingId.toString()))) {
            call(() -> {
                meetings.deleteMeeting(c.tenant().providerTenant(), unseen);
                return null;
            });
            log.info("Zoom meeting {} of booking {} was created unseen; the saga's undo deleted it", unseen, bookingId);
            metrics.unseenCreate(BookingMetrics.UnseenCreate.ZOOM_UNDONE);
        }
    }

    /**
     * Nothing stored, yet the salesperson's calendar may hold an event of this booking: a create whose answer was
     * lost on the create activity's last attempt (retries within a confirm attempt reuse its transaction id, so
     * Graph returns the same event to them). Found in the booking's own time window by the transaction id prefix
     * every create of this booking carries; runs only when a saga undoes a calendar step that stored nothing.
     */
    private void cancelUnseenEvents(UUID bookingId, String comment) {
        BookingDetails.Context c = details.load(bookingId);
        String organizer = c.salesperson().graphUserId();
        List<String> unseen = call(() -> calendar.findEventIds(
                c.tenant().providerTenant(),
                organizer,
                transactionIdPrefix(bookingId),
                c.booking().startUtc(),
                c.booking().endUtc()));
        for (String eventId : unseen) {
            call(() -> {
                calendar.cancelEvent(c.tenant().providerTenant(), organizer, eventId, comment);
                return null;
            });
            log.info(
                    "Graph event {} of booking {} was created unseen; the saga's undo cancelled it",
                    eventId,
                    bookingId);
            metrics.unseenCreate(BookingMetrics.UnseenCreate.GRAPH_UNDONE);
        }
    }

    private static String transactionIdPrefix(UUID bookingId) {
        return "booking-" + bookingId + "-";
    }

    /**
     * A meeting of this booking already at Zoom and not meant to go: one a compensation is deleting (an earlier
     * confirm attempt's) is never reused.
     */
    private Optional<MeetingProvider.CreatedMeeting> earlierAttemptsMeeting(BookingDetails.Context c, UUID bookingId) {
        List<String> beingDeleted = compensations.zoomMeetingsBeingDeleted(bookingId);
        return call(() -> meetings.findMeetingIds(c.tenant().providerTenant(), zoomHost(c), bookingId.toString()))
                .stream()
                .filter(id -> !beingDeleted.contains(id))
                .findFirst()
                .map(id -> call(() -> meetings.getMeeting(c.tenant().providerTenant(), id)));
    }

    /**
     * The salesperson hosts their meeting, as the Zoom user with their email (their Microsoft 365 address, else a
     * UPN-shaped Graph user id); without either, the app's own user does.
     */
    private static String zoomHost(BookingDetails.Context c) {
        String email = c.salesperson().email();
        if (email != null && !email.isBlank()) {
            return email;
        }
        String graphUser = c.salesperson().graphUserId();
        return graphUser != null && graphUser.contains("@") ? graphUser : null;
    }

    private Optional<String> storedMeetingId(UUID bookingId) {
        return stored.zoomMeetingId(bookingId);
    }

    /**
     * One provider call, then a heartbeat: every activity here heartbeats after each of its calls, so the longest
     * silence Temporal sees is one call (MeetingActivities.PROVIDER_HEARTBEAT_TIMEOUT says why that fits). The
     * heartbeat's answer also tells an attempt that Temporal timed it out or cancelled it meanwhile: the heartbeat
     * then throws an ActivityCompletionException, which ends the attempt before its next call or its write, so a
     * stuck attempt that comes back never works beside its retry.
     */
    private static <T> T call(Supplier<T> providerCall) {
        T result;
        try {
            result = providerCall.get();
        } catch (ProviderException e) {
            throw ProviderFailures.toFailure(e);
        }
        Activity.getExecutionContext().heartbeat(null);
        return result;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
