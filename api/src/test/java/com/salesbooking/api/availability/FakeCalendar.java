package com.salesbooking.api.availability;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.calendar.CalendarProvider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graph's calendar as far as availability needs it: busy times set by the test, a count of the calls, failures
 * queued for the next calls, an optional gate that holds a call until the test lets it go, and an optional
 * latency (for the benchmark).
 */
final class FakeCalendar implements CalendarProvider {

    // a bound on every wait in a test, so a broken test fails within seconds instead of hanging the build
    static final Duration WAIT_BOUND = Duration.ofSeconds(10);

    private final AtomicInteger busyCalls = new AtomicInteger();
    private final List<BusyInterval> busy = new CopyOnWriteArrayList<>();
    private final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
    private volatile Gate gate;
    private volatile Duration latency = Duration.ZERO;

    void addBusy(Instant start, Instant end) {
        busy.add(new BusyInterval(start, end));
    }

    void failNextCall(RuntimeException failure) {
        failures.add(failure);
    }

    /** The next calls stop at the returned gate until it is opened. */
    Gate closeGate() {
        Gate g = new Gate();
        gate = g;
        return g;
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    int busyCalls() {
        return busyCalls.get();
    }

    @Override
    public List<BusyInterval> busyTimes(ProviderTenant tenant, String organizerUserId, Instant fromUtc, Instant toUtc) {
        busyCalls.incrementAndGet();
        // Graph answers with the calendar as it was when the request arrived
        List<BusyInterval> answer = busy.stream()
                .filter(b -> b.startUtc().isBefore(toUtc) && b.endUtc().isAfter(fromUtc))
                .toList();
        Gate g = gate;
        if (g != null) {
            g.pass();
        }
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return answer;
    }

    @Override
    public CalendarEvent createEvent(ProviderTenant tenant, EventRequest request) {
        throw new UnsupportedOperationException("not used by availability");
    }

    @Override
    public CalendarEvent updateEventTime(
            ProviderTenant tenant,
            String organizerUserId,
            String eventId,
            Instant startUtc,
            Instant endUtc,
            ZoneId timezone) {
        throw new UnsupportedOperationException("not used by availability");
    }

    @Override
    public void cancelEvent(ProviderTenant tenant, String organizerUserId, String eventId, String comment) {
        throw new UnsupportedOperationException("not used by availability");
    }

    @Override
    public Optional<CalendarEvent> getEvent(ProviderTenant tenant, String organizerUserId, String eventId) {
        throw new UnsupportedOperationException("not used by availability");
    }

    @Override
    public java.util.List<String> findEventIds(
            ProviderTenant tenant, String organizerUserId, String transactionIdPrefix, Instant fromUtc, Instant toUtc) {
        throw new UnsupportedOperationException("not used by availability");
    }

    /** Holds calls until {@link #open()}; records the first caller so a test can tell it from the waiters. */
    static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);
        private volatile Thread firstCaller;

        private void pass() {
            if (firstCaller == null) {
                firstCaller = Thread.currentThread();
            }
            entered.countDown();
            await(open);
        }

        /** Waits until a call has reached the gate; returns the thread that made it. */
        Thread awaitEntered() {
            await(entered);
            return firstCaller;
        }

        void open() {
            open.countDown();
        }

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("gave up waiting after " + WAIT_BOUND);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
