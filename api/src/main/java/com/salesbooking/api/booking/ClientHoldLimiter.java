package com.salesbooking.api.booking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.platform.BookingProperties;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Holds per client address: at most {@code booking.limits.max-holds-per-client} placed holds per
 * {@code booking.limits.client-window}, counted from the window's first hold. The per-email limit stops one
 * customer from squatting; this one stops a bot that squats a calendar under many made-up emails from one address.
 *
 * <p>Kept in memory per api replica (so N replicas allow up to N times the limit), deliberately: it needs no
 * storage of client addresses, which are personal data, and squatting at scale needs far more than a few times
 * the limit. Only placed holds count: a request refused for a taken slot reserves nothing. The address is the
 * servlet's remote address, which Tomcat takes from {@code X-Forwarded-For} only when the request came through a
 * trusted (private-range) proxy such as the Container Apps ingress.
 */
@Component
class ClientHoldLimiter {

    /** One client address's current window. */
    private record Window(Instant start, int holds) {}

    // bounded so a flood of addresses cannot exhaust memory; an evicted address merely starts a new window
    private static final int MAX_ADDRESSES = 100_000;

    private final int maxHolds;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> windows;

    ClientHoldLimiter(BookingProperties properties, Clock clock) {
        this.maxHolds = properties.limits().maxHoldsPerClient();
        this.window = properties.limits().clientWindow();
        this.clock = clock;
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                .expireAfterWrite(window)
                .build();
    }

    /** A hold counted against a client's window before it is placed; released when it is not placed after all. */
    interface Reservation {
        /** Gives the reserved hold back (the hold was refused or replayed); a no-op after the window ended. */
        void release();
    }

    private static final Reservation NOTHING = () -> {};

    /**
     * Counts one hold against the client's window, or refuses (429 with Retry-After, before anything is written)
     * when the window is full. Check and count are one atomic step: concurrent requests from one client cannot all
     * pass the check before any of them is counted.
     */
    Reservation reserve(String clientAddress) {
        String client = clientKey(clientAddress);
        if (client == null) {
            return NOTHING;
        }
        Instant now = clock.instant();
        Window[] refusedBy = new Window[1];
        Window reserved = windows.asMap().compute(client, (address, current) -> {
            if (current == null || ended(current, now)) {
                return new Window(now, 1);
            }
            if (current.holds() >= maxHolds) {
                refusedBy[0] = current;
                return current;
            }
            return new Window(current.start(), current.holds() + 1);
        });
        if (refusedBy[0] != null) {
            // whole seconds, rounded up: Retry-After has no fractions, and 0 would invite an immediate retry
            long seconds = Math.max(
                    1, (Duration.between(now, refusedBy[0].start().plus(window)).toMillis() + 999) / 1000);
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    "too many holds from this network; try again later",
                    null,
                    Duration.ofSeconds(seconds));
        }
        Instant windowStart = reserved.start();
        return () -> windows.asMap()
                .computeIfPresent(
                        client,
                        (address, current) -> current.start().equals(windowStart) && current.holds() > 0
                                ? new Window(current.start(), current.holds() - 1)
                                : current);
    }

    /**
     * Who counts as one client: an IPv4 address, or an IPv6 address's /64 network (one subscriber gets a whole /64
     * and can rotate through it at will). Not an IP literal (it always is, from the servlet): the text itself.
     */
    static String clientKey(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank()) {
            return null;
        }
        if (clientAddress.indexOf(':') < 0) {
            return clientAddress;
        }
        try {
            // an IP literal never triggers a name lookup
            InetAddress address = InetAddress.getByName(clientAddress);
            byte[] bytes = address.getAddress();
            if (bytes.length != 16) {
                // an IPv4-mapped IPv6 address is that IPv4 client
                return address.getHostAddress();
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return clientAddress;
        }
    }

    private boolean ended(Window current, Instant now) {
        return !now.isBefore(current.start().plus(window));
    }
}
