package com.salesbooking.local.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load the benchmark harnesses put on the system, in one place so that every table is measured the same way:
 * the closed loop (a fixed pool of clients draining a queue of requests, each sending its next one when the last is
 * answered), the paced loop (clients sending at a fixed rate), the race (many callers released at once on the same
 * request) and the percentiles of a level.
 */
public final class LoadDriver {

    private LoadDriver() {}

    /** One request of a closed loop; throwing counts as an error, as does an answer other than the expected one. */
    @FunctionalInterface
    public interface Call<T> {
        boolean answeredAsExpected(T work) throws Exception;
    }

    /** What a level measured: the latency of every request sent (errors too), the errors, the level's wall time. */
    public record Level(List<Long> latenciesNanos, int errors, long elapsedNanos) {}

    /**
     * {@code clients} callers drain {@code work}, each sending its next request when the last one is answered, until
     * the work is done or {@code limit} has passed (a slow machine then reports what it measured).
     */
    public static <T> Level closedLoop(int clients, Collection<T> work, Duration limit, Call<T> call) throws Exception {
        ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(work);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + limit.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long started = System.nanoTime();
            List<Future<?>> callers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                callers.add(pool.submit(() -> {
                    T next;
                    while ((next = queue.poll()) != null && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        send(call, next, errors);
                        latencies.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get();
            }
            long elapsed = System.nanoTime() - started;
            return new Level(new ArrayList<>(latencies), errors.get(), elapsed);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code clients} callers, each sending a request every {@code interval} (staggered so that the sends spread over
     * the interval), until the work is done or {@code limit} has passed: customers who think between clicks, at an
     * offered rate the system can carry, where {@link #closedLoop} measures a saturated system. A latency runs from
     * the request's scheduled send, not its actual one, so a request held back by its slow predecessor counts that
     * wait too (no coordinated omission).
     */
    public static <T> Level paced(int clients, Collection<T> work, Duration interval, Duration limit, Call<T> call)
            throws Exception {
        ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(work);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                long first = started + interval.toNanos() * i / clients;
                callers.add(pool.submit(() -> {
                    long scheduled = first;
                    T next;
                    while ((next = queue.poll()) != null && System.nanoTime() < deadline) {
                        long wait = scheduled - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        send(call, next, errors);
                        latencies.add(System.nanoTime() - scheduled);
                        scheduled += interval.toNanos();
                    }
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get();
            }
            return new Level(new ArrayList<>(latencies), errors.get(), System.nanoTime() - started);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends one request; a failure or an unexpected answer counts as an error. */
    private static <T> void send(Call<T> call, T work, AtomicInteger errors) {
        try {
            if (!call.answeredAsExpected(work)) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    /** One answer of a race: the status ({@code -1} when the request failed), the body (or the failure), the latency. */
    public record Answer(int status, String body, long nanos) {}

    /**
     * {@code callers} threads, each with its own request built before the start, released at once: how the api
     * answers many customers taking the same slot at the same moment.
     */
    public static List<Answer> race(HttpClient http, int callers, IntFunction<HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                HttpRequest next = request.apply(i);
                calls.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(next, HttpResponse.BodyHandlers.ofString());
                        return new Answer(response.statusCode(), response.body(), System.nanoTime() - t0);
                    } catch (IOException e) {
                        return new Answer(-1, e.toString(), System.nanoTime() - t0);
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> call : calls) {
                answers.add(call.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The latency of every answer of a race, for {@link Row#of}. */
    public static List<Long> latencies(List<Answer> answers) {
        List<Long> nanos = new ArrayList<>();
        answers.forEach(a -> nanos.add(a.nanos()));
        return nanos;
    }

    /** A level's figures, in milliseconds; each harness prints the columns its table has. */
    static final class Row {
        String name = "";
        int clients;
        int requests;
        int errors;
        double p50;
        double p90;
        double p99;
        double max;
        double perSecond;

        static Row of(Level level) {
            return of(level.latenciesNanos(), level.errors(), level.elapsedNanos());
        }

        /** Percentiles by the nearest rank below ({@code floor(p * (n - 1))}); no throughput when elapsed is 0. */
        static Row of(List<Long> nanos, int errors, long elapsedNanos) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            Row row = new Row();
            row.requests = sorted.size();
            row.errors = errors;
            row.p50 = percentile(sorted, 0.50);
            row.p90 = percentile(sorted, 0.90);
            row.p99 = percentile(sorted, 0.99);
            row.max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6;
            row.perSecond = elapsedNanos == 0 ? 0 : sorted.size() / (elapsedNanos / 1e9);
            return row;
        }

        private static double percentile(List<Long> sorted, double p) {
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.floor(p * (sorted.size() - 1))) / 1e6;
        }

        Row named(String name, int clients) {
            this.name = name;
            this.clients = clients;
            return this;
        }
    }
}
