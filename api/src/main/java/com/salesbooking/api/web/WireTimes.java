package com.salesbooking.api.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The one form every time takes in a response body: RFC 3339 with seconds, as the OpenAPI document's
 * {@code date-time} requires. Instants in UTC with {@code Z} ({@code 2027-03-02T08:00:00Z}); local times with their
 * offset ({@code 2027-03-02T09:00:00+01:00}). {@code OffsetDateTime.toString()} would drop zero seconds
 * ({@code 09:00+01:00}), which is not RFC 3339.
 */
public final class WireTimes {

    private WireTimes() {}

    public static String utc(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    public static String local(OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    public static String local(Instant instant, ZoneId zone) {
        return instant == null ? null : local(instant.atZone(zone).toOffsetDateTime());
    }
}
