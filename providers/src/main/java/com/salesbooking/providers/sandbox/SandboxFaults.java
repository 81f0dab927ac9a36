package com.salesbooking.providers.sandbox;

import com.salesbooking.providers.ProviderException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected from outside (local mode's {@code POST /dev/sandbox/faults}, and tests): the next
 * {@code count} calls of one provider operation fail, permanently or with a retryable error, or take effect and
 * then lose their answer.
 */
public class SandboxFaults {

    /**
     * fail: non-retryable (like a 400); transient: retryable (like a 503), nothing done; lost_answer: the call
     * takes effect, then fails retryably as a read time-out would (only operations that create something:
     * {@link #LOSES_ANSWERS}).
     */
    public enum Mode {
        FAIL,
        TRANSIENT,
        LOST_ANSWER
    }

    /** The operations whose answer can be lost after they took effect. */
    public static final java.util.Set<String> LOSES_ANSWERS =
            java.util.Set.of("zoom/createMeeting", "graph/createEvent", "mail/sendMail");

    /** Every operation the sandbox providers check for faults and delays ("provider/operation"). */
    public static final java.util.Set<String> OPERATIONS = java.util.Set.of(
            "zoom/createMeeting",
            "zoom/findMeetingIds",
            "zoom/getMeeting",
            "zoom/updateMeeting",
            "zoom/deleteMeeting",
            "graph/createEvent",
            "graph/updateEvent",
            "graph/cancelEvent",
            "graph/getEvent",
            "graph/findEventIds",
            "graph/busyTimes",
            "graph/createSubscription",
            "graph/renewSubscription",
            "graph/reauthorizeSubscription",
            "graph/deleteSubscription",
            "mail/sendMail");

    private record Fault(Mode mode, int remaining) {}

    /**
     * An armed fault or delay, as {@code GET /dev/sandbox/faults} lists it.
     *
     * @param mode      fail, transient, lost_answer or delay
     * @param remaining calls the fault still hits (null for a delay: it lasts until cleared)
     * @param latencyMs the delay's latency (null for a fault)
     */
    public record ActiveFault(String provider, String operation, String mode, Integer remaining, Long latencyMs) {}

    /** What is armed now, sorted by provider and operation. */
    public java.util.List<ActiveFault> active() {
        java.util.List<ActiveFault> list = new java.util.ArrayList<>();
        faults.forEach((key, f) -> list.add(new ActiveFault(
                key.substring(0, key.indexOf('/')),
                key.substring(key.indexOf('/') + 1),
                f.mode().name().toLowerCase(java.util.Locale.ROOT),
                f.remaining(),
                null)));
        delays.forEach((key, d) -> list.add(new ActiveFault(
                key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), "delay", null, d.toMillis())));
        list.sort(java.util.Comparator.comparing(ActiveFault::provider)
                .thenComparing(ActiveFault::operation)
                .thenComparing(ActiveFault::mode));
        return list;
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, java.time.Duration> delays = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger callsInDelay =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Makes every call of one operation take {@code latency} longer (a slow provider), until cleared with a zero
     * or negative latency. Used to hold a saga open while a test acts on it, and to try slow providers locally.
     */
    public void delay(String provider, String operation, java.time.Duration latency) {
        String key = provider + "/" + operation;
        if (latency == null || latency.isZero() || latency.isNegative()) {
            delays.remove(key);
        } else {
            delays.put(key, latency);
        }
    }

    /** How many calls are inside an injected delay right now. */
    public int callsInDelay() {
        return callsInDelay.get();
    }

    /**
     * Arms a fault; {@code count} 0 clears it.
     *
     * @throws IllegalArgumentException for a lost answer on an operation that creates nothing
     */
    public void inject(String provider, String operation, Mode mode, int count) {
        String key = provider + "/" + operation;
        if (mode == Mode.LOST_ANSWER && !LOSES_ANSWERS.contains(key)) {
            throw new IllegalArgumentException(
                    "lost_answer applies to " + LOSES_ANSWERS.stream().sorted().toList());
        }
        if (count <= 0) {
            faults.remove(key);
        } else {
            faults.put(key, new Fault(mode, count));
        }
    }

    public void clear() {
        faults.clear();
        delays.clear();
    }

    /** Throws if a fault is armed for this call, consuming one. */
    void check(String provider, String operation) {
        String key = provider + "/" + operation;
        java.time.Duration latency = delays.get(key);
        if (latency != null) {
            callsInDelay.incrementAndGet();
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(
                        provider, operation, ProviderException.Kind.RETRYABLE, 0, null, "interrupted", e);
            } finally {
                callsInDelay.decrementAndGet();
            }
        }
        Fault fired = consume(key, false);
        if (fired != null) {
            throw fired.mode() == Mode.FAIL
                    ? new ProviderException(
                            provider,
                            operation,
                            ProviderException.Kind.NON_RETRYABLE,
                            400,
                            null,
                            "injected fault",
                            null)
                    : new ProviderException(
                            provider,
                            operation,
                            ProviderException.Kind.RETRYABLE,
                            503,
                            null,
                            "injected transient fault",
                            null);
        }
    }

    /** Called once an operation took effect: throws if its answer is to be lost, consuming one such fault. */
    void answer(String provider, String operation) {
        if (consume(provider + "/" + operation, true) != null) {
            throw new ProviderException(
                    provider,
                    operation,
                    ProviderException.Kind.RETRYABLE,
                    0,
                    null,
                    "injected lost answer: the call took effect, its answer never arrived",
                    null);
        }
    }

    /** Takes one armed fault of the key: a lost answer only after the effect, any other only before it. */
    private Fault consume(String key, boolean afterEffect) {
        Fault[] fired = new Fault[1];
        faults.computeIfPresent(key, (k, f) -> {
            if ((f.mode() == Mode.LOST_ANSWER) != afterEffect) {
                return f;
            }
            fired[0] = f;
            return f.remaining() <= 1 ? null : new Fault(f.mode(), f.remaining() - 1);
        });
        return fired[0];
    }
}
