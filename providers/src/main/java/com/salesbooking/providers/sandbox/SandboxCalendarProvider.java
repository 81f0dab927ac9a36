package com.salesbooking.providers.sandbox;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.calendar.CalendarProvider;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory Outlook calendar: events by id, idempotent on transactionId like Graph, inspectable
 * ({@code GET /dev/sandbox/graph/events}), with injectable faults, and editable "by the salesperson"
 * ({@link #moveBySalesperson}, {@link #deleteBySalesperson}), which tells the registered listeners as Graph's
 * change notifications would.
 */
public class SandboxCalendarProvider implements CalendarProvider {

    /** An event as the sandbox holds it. */
    public record SandboxEvent(
            String id,
            String tenantSlug,
            String organizerUserId,
            String transactionId,
            String subject,
            Instant startUtc,
            Instant endUtc,
            String timezone,
            String attendeeEmail,
            boolean teams,
            String joinUrl,
            String changeKey,
            boolean cancelled,
            String iCalUId) {
        SandboxEvent with(Instant start, Instant end, boolean cancelled, String changeKey) {
            return new SandboxEvent(
                    id,
                    tenantSlug,
                    organizerUserId,
                    transactionId,
                    subject,
                    start,
                    end,
                    timezone,
                    attendeeEmail,
                    teams,
                    joinUrl,
                    changeKey,
                    cancelled,
                    iCalUId);
        }

        CalendarEvent view() {
            return new CalendarEvent(id, iCalUId, changeKey, startUtc, endUtc, cancelled, joinUrl);
        }
    }

    /** What the salesperson did, for the change-notification path. */
    public record SalespersonEdit(String organizerUserId, String eventId, String changeType) {}

    private final Map<String, SandboxEvent> events = new ConcurrentHashMap<>();
    private final Map<String, List<BusyInterval>> extraBusy = new ConcurrentHashMap<>();
    private final List<Consumer<SalespersonEdit>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final AtomicInteger busyCalls = new AtomicInteger();
    private final SandboxFaults faults;

    public SandboxCalendarProvider(SandboxFaults faults) {
        this.faults = faults;
    }

    @Override
    public CalendarEvent createEvent(ProviderTenant tenant, EventRequest request) {
        faults.check("graph", "createEvent");
        for (SandboxEvent e : events.values()) {
            if (e.transactionId().equals(request.transactionId())) {
                // Graph answers a repeated transaction id with the event it made; that answer can be lost too
                faults.answer("graph", "createEvent");
                return e.view();
            }
        }
        creates.incrementAndGet();
        String id = "AAMk-sbx-" + UUID.randomUUID();
        SandboxEvent event = new SandboxEvent(
                id,
                tenant.slug(),
                request.organizerUserId(),
                request.transactionId(),
                request.subject(),
                request.startUtc(),
                request.endUtc(),
                request.timezone().getId(),
                request.attendeeEmail(),
                request.teamsMeeting(),
                request.teamsMeeting() ? "https://teams.sandbox.local/l/meetup-join/" + id : null,
                nextChangeKey(),
                false,
                "040000008200E-" + id);
        events.put(id, event);
        faults.answer("graph", "createEvent");
        return event.view();
    }

    @Override
    public CalendarEvent updateEventTime(
            ProviderTenant tenant,
            String organizerUserId,
            String eventId,
            Instant startUtc,
            Instant endUtc,
            ZoneId timezone) {
        faults.check("graph", "updateEvent");
        SandboxEvent updated =
                events.computeIfPresent(eventId, (k, e) -> e.with(startUtc, endUtc, e.cancelled(), nextChangeKey()));
        if (updated == null) {
            throw new com.salesbooking.providers.ProviderException(
                    "graph",
                    "updateEvent",
                    com.salesbooking.providers.ProviderException.Kind.NON_RETRYABLE,
                    404,
                    null,
                    "no such event",
                    null);
        }
        return updated.view();
    }

    @Override
    public void cancelEvent(ProviderTenant tenant, String organizerUserId, String eventId, String comment) {
        faults.check("graph", "cancelEvent");
        if (events.remove(eventId) != null) {
            cancels.incrementAndGet();
        }
    }

    @Override
    public Optional<CalendarEvent> getEvent(ProviderTenant tenant, String organizerUserId, String eventId) {
        faults.check("graph", "getEvent");
        return Optional.ofNullable(events.get(eventId)).map(SandboxEvent::view);
    }

    @Override
    public List<String> findEventIds(
            ProviderTenant tenant, String organizerUserId, String transactionIdPrefix, Instant fromUtc, Instant toUtc) {
        faults.check("graph", "findEventIds");
        return events.values().stream()
                .filter(e -> e.organizerUserId().equals(organizerUserId)
                        && e.transactionId().startsWith(transactionIdPrefix)
                        && e.startUtc().isBefore(toUtc)
                        && e.endUtc().isAfter(fromUtc))
                .map(SandboxEvent::id)
                .toList();
    }

    @Override
    public List<BusyInterval> busyTimes(ProviderTenant tenant, String organizerUserId, Instant fromUtc, Instant toUtc) {
        faults.check("graph", "busyTimes");
        busyCalls.incrementAndGet();
        List<BusyInterval> busy = new ArrayList<>();
        for (SandboxEvent e : events.values()) {
            if (e.organizerUserId().equals(organizerUserId)
                    && !e.cancelled()
                    && e.startUtc().isBefore(toUtc)
                    && e.endUtc().isAfter(fromUtc)) {
                busy.add(new BusyInterval(e.startUtc(), e.endUtc()));
            }
        }
        for (BusyInterval b : extraBusy.getOrDefault(organizerUserId, List.of())) {
            if (b.startUtc().isBefore(toUtc) && b.endUtc().isAfter(fromUtc)) {
                busy.add(b);
            }
        }
        return busy;
    }

    /** A busy block that is not one of our bookings (the salesperson's other appointments). */
    public void addBusy(String organizerUserId, Instant startUtc, Instant endUtc) {
        extraBusy
                .computeIfAbsent(organizerUserId, k -> new CopyOnWriteArrayList<>())
                .add(new BusyInterval(startUtc, endUtc));
    }

    /** The salesperson drags the event in Outlook. */
    public Optional<SandboxEvent> moveBySalesperson(String eventId, Instant startUtc, Instant endUtc) {
        return moveBySalesperson(eventId, startUtc, endUtc, true);
    }

    /**
     * @param notify false: the change notification is lost on the way (Graph's {@code missed}), so only a resync
     *               can find the edit
     */
    public Optional<SandboxEvent> moveBySalesperson(String eventId, Instant startUtc, Instant endUtc, boolean notify) {
        SandboxEvent moved =
                events.computeIfPresent(eventId, (k, e) -> e.with(startUtc, endUtc, false, nextChangeKey()));
        if (moved != null && notify) {
            listeners.forEach(l -> l.accept(new SalespersonEdit(moved.organizerUserId(), eventId, "updated")));
        }
        return Optional.ofNullable(moved);
    }

    /** The salesperson deletes the event in Outlook. */
    public boolean deleteBySalesperson(String eventId) {
        return deleteBySalesperson(eventId, true);
    }

    /** @param notify false: the change notification is lost on the way */
    public boolean deleteBySalesperson(String eventId, boolean notify) {
        SandboxEvent removed = events.remove(eventId);
        if (removed != null && notify) {
            listeners.forEach(l -> l.accept(new SalespersonEdit(removed.organizerUserId(), eventId, "deleted")));
        }
        return removed != null;
    }

    /** Called after every salesperson edit, like Graph's change notifications. */
    public void onSalespersonEdit(Consumer<SalespersonEdit> listener) {
        listeners.add(listener);
    }

    public Collection<SandboxEvent> events() {
        return List.copyOf(events.values());
    }

    public int createCalls() {
        return creates.get();
    }

    public int cancelCalls() {
        return cancels.get();
    }

    public int busyTimeCalls() {
        return busyCalls.get();
    }

    private String nextChangeKey() {
        return "ck-" + changes.incrementAndGet();
    }
}
