package com.salesbooking.api.availability;

import com.salesbooking.platform.BookingProperties.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings under {@code booking.availability} (environment variables in booking-defaults.yml). An invalid
 * value fails the start-up with a message naming the setting and its environment variable.
 *
 * @param busyCacheTtl how long a salesperson-day's calendar busy times are reused before Graph is asked again
 */
@ConfigurationProperties("booking.availability")
public record AvailabilityProperties(Duration busyCacheTtl) {

    // the seed's window (30-60 s). A Graph change notification drops the entry anyway, so the TTL only bounds
    // how stale busy times get when a notification is late or lost. Below 30 s a popular booking page would
    // call Graph for the same day several times a minute, eating into Outlook's per-mailbox throttling budget;
    // above 60 s a lost notification leaves an event the salesperson just added bookable for too long
    static final Duration MIN_BUSY_CACHE_TTL = Duration.ofSeconds(30);
    static final Duration MAX_BUSY_CACHE_TTL = Duration.ofSeconds(60);
    // the middle of the window: neither bound is binding, and it is easy to move either way
    static final Duration DEFAULT_BUSY_CACHE_TTL = Duration.ofSeconds(45);

    public AvailabilityProperties {
        if (busyCacheTtl == null) {
            busyCacheTtl = DEFAULT_BUSY_CACHE_TTL;
        }
        if (busyCacheTtl.compareTo(MIN_BUSY_CACHE_TTL) < 0 || busyCacheTtl.compareTo(MAX_BUSY_CACHE_TTL) > 0) {
            throw new InvalidSettingException(
                    "booking.availability.busy-cache-ttl",
                    "BOOKING_AVAILABILITY_CACHE_TTL",
                    "an ISO-8601 duration between PT30S and PT60S, e.g. PT45S (got " + busyCacheTtl + ")");
        }
    }

    /** The defaults, for code that builds the service by hand (tests, the benchmark). */
    public static AvailabilityProperties defaults() {
        return new AvailabilityProperties(null);
    }
}
