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
    }

    /** Throws if a fault is armed for this call, consuming one. */
    void check(String provider, String operation) {
        String key = provider + "/" + operation;
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
