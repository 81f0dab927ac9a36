package com.salesbooking.api.webhook;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small pool that hands accepted webhook jobs to Temporal after the 202. Bounded on both sides: a burst
 * beyond the queue is refused (the jobs stay queued in PostgreSQL for the sweeper) instead of growing memory.
 */
@Component
class WebhookDispatchExecutor implements Executor, DisposableBean {

    /** A signal-with-start is one gRPC call of a few milliseconds: 4 threads hand over ~1,000 jobs a second. */
    static final int THREADS = 4;
    /** Ten seconds of Graph's heaviest bursts; beyond that the sweeper is the better place for the rest. */
    static final int QUEUE = 10_000;

    private final ThreadPoolExecutor pool;

    WebhookDispatchExecutor() {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                THREADS,
                THREADS,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "webhook-dispatch-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /** Jobs not handed over in time stay queued; the sweeper of whichever instance runs next takes them. */
    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        // a few seconds let the queue drain on a normal shutdown; what remains is safe in PostgreSQL
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
