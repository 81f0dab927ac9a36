package com.salesbooking.api.availability;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.calendar.CalendarProvider.BusyInterval;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A salesperson's free slots: the {@link SlotCalculator} grid minus the calendar's busy times (Microsoft
 * Graph, cached per tenant, salesperson and local date) and minus the active bookings in the database (read
 * live on every call, so a slot disappears the moment it is held and comes back when the hold expires).
 *
 * <p>The cache has one loader per key: concurrent misses for the same day wait for one Graph call. A failed
 * call is not cached (the next request asks Graph again) and surfaces as 503 {@code provider_unavailable}.
 * {@link #invalidate} drops a salesperson's entries when Graph says their calendar changed, including a
 * load still in flight, so the next request reads the calendar afresh.
 */
@Service
public class AvailabilityService {

    private static final Logger log = LoggerFactory.getLogger(AvailabilityService.class);

    // one entry is one salesperson-day (a handful of intervals, well under 1 KB); 10 000 covers hundreds of
    // salespersons browsed across several weeks within one TTL, and bounds memory if a crawler walks every date
    private static final long MAX_CACHED_DAYS = 10_000;

    private final CalendarProvider calendar;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AsyncCache<BusyKey, List<BusyInterval>> busyCache;

    @Autowired
    public AvailabilityService(
            CalendarProvider calendar, JdbcClient jdbc, Clock clock, AvailabilityProperties properties) {
        this(calendar, jdbc, clock, properties, Ticker.systemTicker());
    }

    /** @param ticker measures the cache TTL; tests pass a hand-moved one instead of waiting */
    AvailabilityService(
            CalendarProvider calendar, JdbcClient jdbc, Clock clock, AvailabilityProperties properties, Ticker ticker) {
        this.calendar = calendar;
        this.jdbc = jdbc;
        this.clock = clock;
        this.busyCache = Caffeine.newBuilder()
                .expireAfterWrite(properties.busyCacheTtl())
                .maximumSize(MAX_CACHED_DAYS)
                .ticker(ticker)
                .buildAsync();
    }

    /**
     * The free slots of the salesperson on {@code date}, a local date in the salesperson's zone. A date in the
     * past or beyond the maximum advance gives no slots (and calls neither Graph nor the database).
     *
     * @throws ApiException {@code provider_unavailable} when the calendar cannot be read
     */
    public DayAvailability availability(Tenant tenant, Salesperson salesperson, LocalDate date) {
        SlotRules rules = SlotRules.of(tenant, salesperson);
        List<Slot> candidates = SlotCalculator.candidates(date, rules, clock.instant());
        if (candidates.isEmpty()) {
            return new DayAvailability(date, rules.zone(), List.of());
        }
        Window window = Window.of(date, rules);
        // Graph first: a miss takes a while, and the bookings read after it are then the fresher
        List<BusyInterval> blocked = new ArrayList<>(calendarBusy(tenant, salesperson, date, window));
        blocked.addAll(activeBookings(tenant.id(), salesperson.id(), window.from(), window.to()));
        return new DayAvailability(date, rules.zone(), SlotCalculator.withoutBusy(candidates, blocked, rules.buffer()));
    }

    /**
     * Whether [startUtc, endUtc) may be held now: {@link SlotCheck#OFFERED} exactly when {@link #availability}
     * for its local date would list it, so holds accept what the page shows and nothing else.
     *
     * @throws ApiException {@code provider_unavailable} when the calendar cannot be read
     */
    public SlotCheck check(Tenant tenant, Salesperson salesperson, Instant startUtc, Instant endUtc) {
        SlotRules rules = SlotRules.of(tenant, salesperson);
        LocalDate date = LocalDate.ofInstant(startUtc, rules.zone());
        Slot slot = SlotCalculator.candidates(date, rules, clock.instant()).stream()
                .filter(s -> s.startAt().equals(startUtc) && s.endAt().equals(endUtc))
                .findFirst()
                .orElse(null);
        if (slot == null) {
            return SlotCheck.UNAVAILABLE;
        }
        // the database before Graph: a taken slot is answered without a calendar call
        List<BusyInterval> bookings = activeBookings(
                tenant.id(), salesperson.id(), startUtc.minus(rules.buffer()), endUtc.plus(rules.buffer()));
        boolean taken =
                bookings.stream().anyMatch(b -> SlotCalculator.overlaps(startUtc, endUtc, b.startUtc(), b.endUtc()));
        if (taken) {
            return SlotCheck.TAKEN;
        }
        List<BusyInterval> blocked = new ArrayList<>(calendarBusy(tenant, salesperson, date, Window.of(date, rules)));
        blocked.addAll(bookings);
        return SlotCalculator.blocked(slot, blocked, rules.buffer()) ? SlotCheck.UNAVAILABLE : SlotCheck.OFFERED;
    }

    /**
     * Drops every cached busy-time entry of the salesperson, a load in flight included (requests already
     * waiting for it still get its answer; later ones read the calendar again). Called when Graph notifies a
     * change of the salesperson's calendar.
     */
    public void invalidate(UUID tenantId, UUID salespersonId) {
        busyCache
                .asMap()
                .keySet()
                .removeIf(key -> key.salespersonId().equals(salespersonId)
                        && key.tenantId().equals(tenantId));
    }

    /**
     * Drops every cached busy-time entry of the tenant's salespersons: its settings changed (time zone, working
     * hours), so the windows the entries were read for may no longer be the ones asked for.
     */
    public void invalidateTenant(UUID tenantId) {
        busyCache.asMap().keySet().removeIf(key -> key.tenantId().equals(tenantId));
    }

    /** The calendar's busy intervals of the day, from the cache or (one caller per key) from Graph. */
    private List<BusyInterval> calendarBusy(Tenant tenant, Salesperson salesperson, LocalDate date, Window window) {
        BusyKey key = new BusyKey(tenant.id(), salesperson.id(), date);
        CompletableFuture<List<BusyInterval>> mine = new CompletableFuture<>();
        // the mapping function only publishes the empty future; the Graph call runs below, outside the cache's
        // internal lock, on the thread of the first caller, while later callers wait on the same future
        CompletableFuture<List<BusyInterval>> current = busyCache.get(key, (k, executor) -> mine);
        if (current == mine) {
            load(tenant, salesperson, window, key, mine);
        }
        try {
            return current.join();
        } catch (LoadFailure | CompletionException e) {
            throw unavailable(e.getCause());
        }
    }

    private void load(
            Tenant tenant,
            Salesperson salesperson,
            Window window,
            BusyKey key,
            CompletableFuture<List<BusyInterval>> future) {
        try {
            future.complete(List.copyOf(calendar.busyTimes(
                    tenant.providerTenant(), salesperson.graphUserId(), window.from(), window.to())));
        } catch (RuntimeException e) {
            // removed before completing, so no caller can see the failure as a cached answer
            busyCache.asMap().remove(key, future);
            future.completeExceptionally(new LoadFailure(e));
            // ids only: a provider's message may carry the salesperson's email address (a Graph user principal)
            log.warn(
                    "calendar busy times failed for tenant {} salesperson {}: {}{}",
                    tenant.id(),
                    salesperson.id(),
                    e.getClass().getSimpleName(),
                    e instanceof ProviderException p
                            ? " (" + p.kind() + (p.httpStatus() > 0 ? ", HTTP " + p.httpStatus() : "") + ")"
                            : "");
        }
    }

    private static ApiException unavailable(Throwable cause) {
        Duration retryAfter =
                cause instanceof ProviderException p ? p.retryAfter().orElse(null) : null;
        return new ApiException(
                ErrorCode.PROVIDER_UNAVAILABLE,
                "the salesperson's calendar cannot be read right now; try again shortly",
                null,
                retryAfter);
    }

    /** Active bookings (hold, pending_verify, confirmed) of the salesperson that overlap [from, to). */
    private List<BusyInterval> activeBookings(UUID tenantId, UUID salespersonId, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT start_at_utc, end_at_utc
                          FROM bookings
                         WHERE tenant_id = :tenant
                           AND salesperson_id = :salesperson
                           AND status IN ('hold', 'pending_verify', 'confirmed')
                           AND start_at_utc < :to
                           AND end_at_utc > :from
                        """)
                .param("tenant", tenantId)
                .param("salesperson", salespersonId)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new BusyInterval(
                        rs.getObject("start_at_utc", OffsetDateTime.class).toInstant(),
                        rs.getObject("end_at_utc", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Hands a failed Graph call to the requests waiting for it. A {@link CancellationException} because Caffeine
     * logs every other failure of a cached future with its message and stack trace, and a provider's message may
     * name the salesperson's mailbox; {@link #load} logs the failure once, with ids only.
     */
    private static final class LoadFailure extends CancellationException {
        LoadFailure(RuntimeException cause) {
            super("reading the calendar's busy times failed");
            initCause(cause);
        }
    }

    private record BusyKey(UUID tenantId, UUID salespersonId, LocalDate date) {}

    /**
     * What is read for a local date: the whole day in the zone (23, 24 or 25 hours), widened by the buffer,
     * because an interval that ends just before midnight still blocks a slot at 00:00.
     */
    private record Window(Instant from, Instant to) {
        static Window of(LocalDate date, SlotRules rules) {
            ZoneId zone = rules.zone();
            return new Window(
                    date.atStartOfDay(zone).toInstant().minus(rules.buffer()),
                    date.plusDays(1).atStartOfDay(zone).toInstant().plus(rules.buffer()));
        }
    }
}
