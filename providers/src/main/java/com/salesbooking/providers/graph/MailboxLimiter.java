package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderException;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps this process under Outlook's limit of concurrent requests per app and mailbox (4): a call to a
 * mailbox waits for one of its permits, at most {@code maxWait}; a wait that runs out is a retryable
 * failure, so the activity backs off instead of provoking a 429. Shared by calendar and mail calls, since
 * the limit counts both. The limit is per process: several workers together may still exceed it, and the
 * 429 that Graph then answers is retryable too.
 */
public final class MailboxLimiter {

    private final int permitsPerMailbox;
    private final Duration maxWait;
    private final ConcurrentMap<String, Semaphore> mailboxes = new ConcurrentHashMap<>();

    public MailboxLimiter(int permitsPerMailbox, Duration maxWait) {
        if (permitsPerMailbox < 1) {
            throw new IllegalArgumentException("permitsPerMailbox must be at least 1");
        }
        this.permitsPerMailbox = permitsPerMailbox;
        this.maxWait = maxWait;
    }

    public MailboxLimiter(GraphProperties properties) {
        this(properties.maxConcurrentPerMailbox(), properties.mailboxPermitWait());
    }

    /** Runs the call holding one of the mailbox's permits. */
    <T> T withPermit(String entraTenantId, String mailbox, String operation, Supplier<T> call) {
        Semaphore permits = mailboxes.computeIfAbsent(
                entraTenantId + "|" + mailbox.toLowerCase(Locale.ROOT), key -> new Semaphore(permitsPerMailbox, true));
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.retryable(
                    GraphFailures.PROVIDER, operation, "interrupted while waiting for a request slot of the mailbox");
        }
        if (!acquired) {
            // the mailbox is not named: it is often an email address, and failures end up in workflow histories
            throw ProviderException.retryable(
                    GraphFailures.PROVIDER,
                    operation,
                    "the mailbox already has " + permitsPerMailbox + " requests in flight; no slot freed within "
                            + maxWait);
        }
        try {
            return call.get();
        } finally {
            permits.release();
        }
    }
}
