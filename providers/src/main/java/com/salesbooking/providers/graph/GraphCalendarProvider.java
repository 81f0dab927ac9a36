package com.salesbooking.providers.graph;

import com.microsoft.graph.models.Attendee;
import com.microsoft.graph.models.AttendeeType;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.DateTimeTimeZone;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.Event;
import com.microsoft.graph.models.EventCollectionResponse;
import com.microsoft.graph.models.FreeBusyStatus;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Location;
import com.microsoft.graph.models.OnlineMeetingProviderType;
import com.microsoft.graph.users.item.events.item.cancel.CancelPostRequestBody;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.calendar.CalendarProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The salesperson's Outlook calendar through Graph ({@code users/{id}/events}, {@code calendarView}). Times
 * go to Graph as local date-time in the salesperson's IANA zone plus that zone's id, with
 * {@code Prefer: outlook.timezone} set to the same zone; reads ask for UTC so no Windows zone names need
 * translating. Every event request also asks for immutable ids ({@code Prefer: IdType="ImmutableId"}).
 *
 * <p>Busy times come from {@code calendarView} rather than {@code getSchedule}: it expands recurring
 * events, carries {@code isCancelled} and {@code showAs} per event, needs only the Calendars permission the
 * events already need, and has no cap on the number of returned items per call.
 */
public final class GraphCalendarProvider implements CalendarProvider {

    private static final Logger log = LoggerFactory.getLogger(GraphCalendarProvider.class);
    private static final DateTimeFormatter GRAPH_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final String[] EVENT_FIELDS = {
        "id", "iCalUId", "changeKey", "start", "end", "isCancelled", "onlineMeeting"
    };
    // a page of 100 events covers a busy week in one request without a large answer
    private static final int CALENDAR_VIEW_PAGE_SIZE = 100;
    // 50 pages = 5,000 events in one range: beyond that something is wrong, and looping on would never end
    private static final int MAX_CALENDAR_VIEW_PAGES = 50;

    private final GraphExecutor graph;

    public GraphCalendarProvider(GraphClientFactory clients, MailboxLimiter limiter, Clock clock) {
        this.graph = new GraphExecutor(clients, limiter, clock);
    }

    @Override
    public CalendarEvent createEvent(ProviderTenant tenant, EventRequest request) {
        String operation = "createEvent";
        Event event = new Event();
        event.setTransactionId(request.transactionId());
        event.setSubject(request.subject());
        ItemBody body = new ItemBody();
        body.setContentType(BodyType.Html);
        body.setContent(request.bodyHtml());
        event.setBody(body);
        if (request.location() != null) {
            Location location = new Location();
            location.setDisplayName(request.location());
            event.setLocation(location);
        }
        event.setStart(local(request.startUtc(), request.timezone()));
        event.setEnd(local(request.endUtc(), request.timezone()));
        event.setAttendees(List.of(requiredAttendee(request.attendeeEmail(), request.attendeeName())));
        if (request.teamsMeeting()) {
            event.setIsOnlineMeeting(true);
            event.setOnlineMeetingProvider(OnlineMeetingProviderType.TeamsForBusiness);
        }
        String organizer = request.organizerUserId();
        Event created = graph.onMailbox(
                tenant,
                organizer,
                operation,
                client -> client.users()
                        .byUserId(organizer)
                        .events()
                        .post(event, config -> prefer(config.headers, request.timezone())));
        CalendarEvent result = toCalendarEvent(created, request.timezone());
        log.info(
                "Graph event {} created for transaction {} (tenant {})",
                result.eventId(),
                request.transactionId(),
                tenant.slug());
        if (request.teamsMeeting() && result.joinUrl() == null) {
            log.warn(
                    "Graph event {} was created as a Teams meeting but its answer has no join URL (tenant {})",
                    result.eventId(),
                    tenant.slug());
        }
        return result;
    }

    @Override
    public CalendarEvent updateEventTime(
            ProviderTenant tenant,
            String organizerUserId,
            String eventId,
            Instant startUtc,
            Instant endUtc,
            ZoneId timezone) {
        Event patch = new Event();
        patch.setStart(local(startUtc, timezone));
        patch.setEnd(local(endUtc, timezone));
        Event updated = graph.onMailbox(
                tenant,
                organizerUserId,
                "updateEventTime",
                client -> client.users()
                        .byUserId(organizerUserId)
                        .events()
                        .byEventId(eventId)
                        .patch(patch, config -> prefer(config.headers, timezone)));
        log.info("Graph event {} moved to {} (tenant {})", eventId, startUtc, tenant.slug());
        return toCalendarEvent(updated, timezone);
    }

    @Override
    public void cancelEvent(ProviderTenant tenant, String organizerUserId, String eventId, String comment) {
        CancelPostRequestBody cancel = new CancelPostRequestBody();
        cancel.setComment(comment);
        try {
            graph.onMailboxRun(
                    tenant,
                    organizerUserId,
                    "cancelEvent",
                    client -> client.users()
                            .byUserId(organizerUserId)
                            .events()
                            .byEventId(eventId)
                            .cancel()
                            .post(cancel));
            log.info("Graph event {} cancelled (tenant {})", eventId, tenant.slug());
        } catch (ProviderException e) {
            if (e.httpStatus() == 404) {
                log.info("Graph event {} was already gone (tenant {})", eventId, tenant.slug());
                return;
            }
            if (e.httpStatus() != 400) {
                throw e;
            }
            // Graph cancels only meetings the user organizes (ErrorAccessDenied / ErrorInvalidRequest otherwise)
            log.info(
                    "Graph refused to cancel event {} ({}), deleting it instead (tenant {})",
                    eventId,
                    e.getMessage(),
                    tenant.slug());
            deleteEvent(tenant, organizerUserId, eventId);
        }
    }

    private void deleteEvent(ProviderTenant tenant, String organizerUserId, String eventId) {
        try {
            graph.onMailboxRun(
                    tenant,
                    organizerUserId,
                    "cancelEvent",
                    client -> client.users()
                            .byUserId(organizerUserId)
                            .events()
                            .byEventId(eventId)
                            .delete());
            log.info("Graph event {} deleted (tenant {})", eventId, tenant.slug());
        } catch (ProviderException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            log.info("Graph event {} was already gone (tenant {})", eventId, tenant.slug());
        }
    }

    @Override
    public Optional<CalendarEvent> getEvent(ProviderTenant tenant, String organizerUserId, String eventId) {
        try {
            Event event = graph.onMailbox(
                    tenant,
                    organizerUserId,
                    "getEvent",
                    client -> client.users()
                            .byUserId(organizerUserId)
                            .events()
                            .byEventId(eventId)
                            .get(config -> {
                                config.queryParameters.select = EVENT_FIELDS;
                                prefer(config.headers, ZoneOffset.UTC);
                            }));
            return Optional.of(toCalendarEvent(event, ZoneOffset.UTC));
        } catch (ProviderException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<BusyInterval> busyTimes(ProviderTenant tenant, String organizerUserId, Instant fromUtc, Instant toUtc) {
        List<BusyInterval> busy = new ArrayList<>();
        readCalendarView(
                tenant,
                organizerUserId,
                fromUtc,
                toUtc,
                "busyTimes",
                new String[] {"start", "end", "showAs", "isCancelled"},
                page -> collectBusy(page, busy));
        busy.sort(Comparator.comparing(BusyInterval::startUtc));
        return busy;
    }

    @Override
    public List<String> findEventIds(
            ProviderTenant tenant, String organizerUserId, String transactionIdPrefix, Instant fromUtc, Instant toUtc) {
        List<String> found = new ArrayList<>();
        readCalendarView(
                tenant, organizerUserId, fromUtc, toUtc, "findEventIds", new String[] {"id", "transactionId"}, page -> {
                    for (Event event : page.getValue() == null ? List.<Event>of() : page.getValue()) {
                        if (event.getTransactionId() != null
                                && event.getTransactionId().startsWith(transactionIdPrefix)) {
                            found.add(event.getId());
                        }
                    }
                });
        return found;
    }

    /** Every page of the organizer's calendar view of [fromUtc, toUtc), in UTC, bounded in pages. */
    private void readCalendarView(
            ProviderTenant tenant,
            String organizerUserId,
            Instant fromUtc,
            Instant toUtc,
            String operation,
            String[] select,
            Consumer<EventCollectionResponse> eachPage) {
        EventCollectionResponse page = graph.onMailbox(
                tenant,
                organizerUserId,
                operation,
                client -> client.users()
                        .byUserId(organizerUserId)
                        .calendarView()
                        .get(config -> {
                            config.queryParameters.startDateTime = DateTimeFormatter.ISO_INSTANT.format(fromUtc);
                            config.queryParameters.endDateTime = DateTimeFormatter.ISO_INSTANT.format(toUtc);
                            config.queryParameters.select = select;
                            config.queryParameters.top = CALENDAR_VIEW_PAGE_SIZE;
                            prefer(config.headers, ZoneOffset.UTC);
                        }));
        for (int pages = 1; ; pages++) {
            eachPage.accept(page);
            String next = page.getOdataNextLink();
            if (next == null || next.isBlank()) {
                return;
            }
            if (pages >= MAX_CALENDAR_VIEW_PAGES) {
                // no mailbox in the message: it may be an email address, and failures end up in workflow histories
                throw ProviderException.nonRetryable(
                        GraphFailures.PROVIDER,
                        operation,
                        "the salesperson's calendar has more than "
                                + pages * CALENDAR_VIEW_PAGE_SIZE + " events between " + fromUtc + " and " + toUtc
                                + " (tenant '"
                                + tenant.slug() + "')");
            }
            page = graph.onMailbox(
                    tenant,
                    organizerUserId,
                    operation,
                    client -> client.users()
                            .byUserId(organizerUserId)
                            .calendarView()
                            .withUrl(next)
                            .get(config -> prefer(config.headers, ZoneOffset.UTC)));
        }
    }

    private static void collectBusy(EventCollectionResponse page, List<BusyInterval> busy) {
        if (page.getValue() == null) {
            return;
        }
        for (Event event : page.getValue()) {
            if (Boolean.TRUE.equals(event.getIsCancelled())
                    || event.getShowAs() == FreeBusyStatus.Free
                    || event.getStart() == null
                    || event.getEnd() == null) {
                continue;
            }
            busy.add(new BusyInterval(
                    toInstant(event.getStart(), ZoneOffset.UTC), toInstant(event.getEnd(), ZoneOffset.UTC)));
        }
    }

    private static Attendee requiredAttendee(String email, String name) {
        EmailAddress address = new EmailAddress();
        address.setAddress(email);
        if (name != null && !name.isBlank()) {
            address.setName(name);
        }
        Attendee attendee = new Attendee();
        attendee.setEmailAddress(address);
        attendee.setType(AttendeeType.Required);
        return attendee;
    }

    /** The instant as wall-clock time in the zone, plus the zone's IANA id. */
    static DateTimeTimeZone local(Instant instant, ZoneId zone) {
        DateTimeTimeZone value = new DateTimeTimeZone();
        value.setDateTime(GRAPH_LOCAL.format(LocalDateTime.ofInstant(instant, zone)));
        value.setTimeZone(zone.getId());
        return value;
    }

    /**
     * Times in {@code zone}, and immutable ids: an event keeps its id when it moves to another folder or calendar
     * (a regular id changes then, and the event would look deleted to us). The subscription asks for the same ids
     * in its notifications, so stored ids, notification ids and request paths always agree.
     */
    static void prefer(com.microsoft.kiota.RequestHeaders headers, ZoneId zone) {
        headers.add("Prefer", preferTimeZone(zone));
        headers.add("Prefer", PREFER_IMMUTABLE_IDS);
    }

    static final String PREFER_IMMUTABLE_IDS = "IdType=\"ImmutableId\"";

    static String preferTimeZone(ZoneId zone) {
        return "outlook.timezone=\"" + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId()) + "\"";
    }

    /**
     * Graph's wall-clock time in its zone as an instant. Graph answers in the zone the Prefer header asked for;
     * should it name the zone in a way Java does not know (a Windows name), that requested zone is used.
     */
    static Instant toInstant(DateTimeTimeZone value, ZoneId requested) {
        ZoneId zone = requested;
        String name = value.getTimeZone();
        if (name != null && !name.isBlank()) {
            try {
                zone = ZoneId.of(name.trim());
            } catch (DateTimeException unknownName) {
                zone = requested;
            }
        }
        return LocalDateTime.parse(value.getDateTime(), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .atZone(zone)
                .toInstant();
    }

    private static CalendarEvent toCalendarEvent(Event event, ZoneId requested) {
        String joinUrl = event.getOnlineMeeting() == null
                ? null
                : event.getOnlineMeeting().getJoinUrl();
        return new CalendarEvent(
                event.getId(),
                event.getICalUId(),
                event.getChangeKey(),
                event.getStart() == null ? null : toInstant(event.getStart(), requested),
                event.getEnd() == null ? null : toInstant(event.getEnd(), requested),
                Boolean.TRUE.equals(event.getIsCancelled()),
                joinUrl);
    }
}
