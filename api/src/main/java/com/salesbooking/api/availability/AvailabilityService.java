package com.salesbooking.api.availability;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.tenant.PublicTenants;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.calendar.CalendarProvider.BusyInterval;
import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.store.tenant.TenantDirectory.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>The public page's answer ({@link #availability(String, UUID, LocalDate)}) costs one database round trip: the
 * tenant and salesperson rows (settings, working hours) are kept in memory with their row versions, and the live
 * bookings query returns the rows' current versions too; a copy whose row changed (on any replica, by any process)
 * is dropped and read again before answering. The bookings themselves are never cached, so a hold, expiry,
 * cancellation or move placed through any replica shows in the next answer of every replica.
 */
@Service
public class AvailabilityService {

    private static final Logger log = LoggerFactory.getLogger(AvailabilityService.class);

    // one entry is one salesperson-day (a handful of intervals, well under 1 KB); 10 000 covers hundreds of
    // salespersons browsed across several weeks within one TTL, and bounds memory if a crawler walks every date
    private static final long MAX_CACHED_DAYS = 10_000;

    // one entry is a tenant and salesperson (two small rows); bounds memory against a crawler of made-up ids (which
    // never get an entry: only found, active salespersons do)
    private static final long MAX_CACHED_PROFILES = 10_000;

    /** A changed row is read again; a row changing again and again while this request reads it is read this often. */
    private static final int PROFILE_READS = 3;

    private final CalendarProvider calendar;
    private final LiveBookings liveBookings;
    private final TenantDirectory directory;
    private final PublicTenants tenants;
    private final Clock clock;
    private final AsyncCache<BusyKey, List<BusyInterval>> busyCache;
    private final Cache<ProfileKey, Profile> profiles;

    @Autowired
    public AvailabilityService(
            CalendarProvider calendar,
            LiveBookings liveBookings,
            TenantDirectory directory,
            Clock clock,
            AvailabilityProperties properties) {
        this(calendar, liveBookings, directory, clock, properties, Ticker.systemTicker());
    }

    /** @param ticker measures the cache TTL; tests pass a hand-moved one instead of waiting */
    AvailabilityService(
            CalendarProvider calendar,
            LiveBookings liveBookings,
            TenantDirectory directory,
            Clock clock,
            AvailabilityProperties properties,
            Ticker ticker) {
        this.calendar = calendar;
        this.liveBookings = liveBookings;
        this.directory = directory;
        this.tenants = new PublicTenants(directory);
        this.clock = clock;
        this.profiles = Caffeine.newBuilder().maximumSize(MAX_CACHED_PROFILES).build();
        this.busyCache = Caffeine.newBuilder()
                .expireAfterWrite(properties.busyCacheTtl())
                .maximumSize(MAX_CACHED_DAYS)
                .ticker(ticker)
                .buildAsync();
    }

    /**
     * The public page's answer: the free slots of the active salesperson of the active tenant {@code slug} on
     * {@code date}, in one database round trip when the two rows are known and unchanged (see the class comment).
     *
     * @throws ApiException {@code tenant_not_found}, {@code salesperson_not_found}, {@code provider_unavailable}
     */
    public DayAvailability availability(String slug, UUID salespersonId, LocalDate date) {
        ProfileKey key = new ProfileKey(slug, salespersonId);
        for (int read = 1; ; read++) {
            Profile profile = profiles.getIfPresent(key);
            if (profile == null) {
                profile = readProfile(slug, salespersonId);
                profiles.put(key, profile);
            }
            Tenant tenant = profile.tenant().value();
            Salesperson salesperson = profile.salesperson().value();
            SlotRules rules = SlotRules.of(tenant, salesperson);
            List<Slot> candidates = SlotCalculator.candidates(date, rules, clock.instant());
            Window window = Window.of(date, rules);
            List<BusyInterval> blocked =
                    new ArrayList<>(candidates.isEmpty() ? List.of() : calendarBusy(tenant, salesperson, date, window));
            Optional<LiveBookings.Day> day =
                    liveBookings.day(tenant.id(), salesperson.id(), window.from(), window.to());
            boolean current = day.isPresent()
                    && day.get().tenantVersion().equals(profile.tenant().version())
                    && day.get()
                            .salespersonVersion()
                            .equals(profile.salesperson().version());
            if (!current) {
                // the tenant or salesperson changed since it was read (on any replica): read both again
                profiles.asMap().remove(key, profile);
                if (read < PROFILE_READS) {
                    continue;
                }
                Profile fresh = readProfile(slug, salespersonId);
                return availability(fresh.tenant().value(), fresh.salesperson().value(), date);
            }
            if (candidates.isEmpty()) {
                return new DayAvailability(date, rules.zone(), List.of());
            }
            day.get().booked().forEach(b -> blocked.add(new BusyInterval(b.startUtc(), b.endUtc())));
            return new DayAvailability(
                    date, rules.zone(), SlotCalculator.withoutBusy(candidates, blocked, rules.buffer()));
        }
    }

    /** The tenant and salesperson as the public sees them (active only), with their row versions. */
    private Profile readProfile(String slug, UUID salespersonId) {
        Versioned<Tenant> tenant = directory
                .activeTenantBySlugVersioned(slug)
                .orElseGet(() -> new Versioned<>(tenants.bySlug(slug), "unversioned"));
        Versioned<Salesperson> salesperson = directory
                .salespersonVersioned(tenant.value().id(), salespersonId)
                .filter(s -> s.value().active())
                .orElseGet(
                        () -> new Versioned<>(tenants.activeSalesperson(tenant.value(), salespersonId), "unversioned"));
        return new Profile(tenant, salesperson);
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
        return liveBookings.overlapping(tenantId, salespersonId, from, to).stream()
                .map(b -> new BusyInterval(b.startUtc(), b.endUtc()))
                .toList();
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

    private record ProfileKey(String slug, UUID salespersonId) {}

    /** A tenant and one of its salespersons as read, with their row versions ("unversioned": never current). */
    private record Profile(Versioned<Tenant> tenant, Versioned<Salesperson> salesperson) {}

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
