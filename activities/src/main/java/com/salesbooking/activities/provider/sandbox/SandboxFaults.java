package com.salesbooking.activities.provider.sandbox;

import com.salesbooking.activities.provider.ProviderException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected from outside (local mode's {@code POST /dev/sandbox/faults}, and tests): the next
 * {@code count} calls of one provider operation fail, permanently or with a retryable error.
 */
public class SandboxFaults {

    /** fail: non-retryable (like a 400); transient: retryable (like a 503). */
    public enum Mode { FAIL, TRANSIENT }

    private record Fault(Mode mode, int remaining) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, java.time.Duration> delays = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger callsInDelay = new java.util.concurrent.atomic.AtomicInteger();

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

    /** Arms a fault; {@code count} 0 clears it. */
    public void inject(String provider, String operation, Mode mode, int count) {
        String key = provider + "/" + operation;
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
                throw new ProviderException(provider, operation, ProviderException.Kind.RETRYABLE, 0, null, "interrupted", e);
            } finally {
                callsInDelay.decrementAndGet();
            }
        }
        Fault[] fired = new Fault[1];
        faults.computeIfPresent(key, (k, f) -> {
            fired[0] = f;
            return f.remaining() <= 1 ? null : new Fault(f.mode(), f.remaining() - 1);
        });
        if (fired[0] != null) {
            throw fired[0].mode() == Mode.FAIL
                    ? new ProviderException(provider, operation, ProviderException.Kind.NON_RETRYABLE, 400, null, "injected fault", null)
                    : new ProviderException(provider, operation, ProviderException.Kind.RETRYABLE, 503, null, "injected transient fault", null);
        }
    }
}
