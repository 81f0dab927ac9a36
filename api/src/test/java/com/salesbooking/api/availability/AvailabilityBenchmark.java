package com.salesbooking.api.availability;

import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Measures {@link AvailabilityService#availability} in one run, against the real embedded PostgreSQL and a
 * fake Graph calendar: a cache hit (busy times cached, bookings read live) and a cache miss (a Graph call that
 * takes 100 ms), each at 1 and 32 concurrent clients. Not a test: run it by hand,
 *
 * <pre>
 * ./mvnw -B -o -q -pl api -am test-compile
 * ./mvnw -B -o -q -pl api exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.salesbooking.api.availability.AvailabilityBenchmark
 * </pre>
 * (the build does not pin exec-maven-plugin: the first run on a machine needs the network, without {@code -o},
 * to fetch it).
 *
 * Every scenario is bounded twice, by a request count and by a wall-clock limit, so a slow machine ends
 * early instead of running long; the table says how many requests were measured.
 */
public final class AvailabilityBenchmark {

    // a Graph calendarView round trip from an Azure region near the mailbox; slower tenants only scale the miss rows
    private static final Duration GRAPH_LATENCY = Duration.ofMillis(100);
    // the "many clients" case: a booking page campaign, more than the api's 10 database connections per replica
    private static final int MANY_CLIENTS = 32;
    // no scenario runs longer than this, whatever its request count
    private static final Duration SCENARIO_LIMIT = Duration.ofSeconds(10);
    // hits are sub-millisecond: enough requests for a stable p99 within the time limit
    private static final int HIT_REQUESTS_PER_CLIENT = 5_000;
    // each miss costs 100 ms of (fake) Graph time: 50 sequential misses take about 5 s
    private static final int MISS_REQUESTS_ONE_CLIENT = 50;
    private static final int MISS_REQUESTS_PER_MANY_CLIENT = 10;
    // lets the JIT compile the hot path before anything is measured
    private static final int WARM_UP_REQUESTS = 3_000;
    // as the api's default pool (DATABASE_POOL_SIZE=10): the 32 clients contend for it as they would in production
    private static final int POOL_SIZE = 10;

    // the Monday after the fixed "now": nothing in it is in the past, inside the notice or beyond the advance
    private static final Clock NOW = Clock.fixed(Instant.parse("2027-03-22T06:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate MONDAY = LocalDate.parse("2027-03-29");

    private AvailabilityBenchmark() {}

    public static void main(String[] args) throws Exception {
        quietLogging();
        List<Row> rows = new ArrayList<>();
        try (TestDatabase db = TestDatabase.create(POOL_SIZE)) {
            Tenant acme = db.acme();
            Salesperson anna = db.salesperson(TestDatabase.ANNA_BERLIN);
            // a realistic day: three bookings the live query has to return and a meeting in the calendar
            db.insertBooking(
                    anna.id(),
                    Instant.parse("2027-03-29T07:00:00Z"),
                    Instant.parse("2027-03-29T08:00:00Z"),
                    "confirmed");
            db.insertBooking(
                    anna.id(), Instant.parse("2027-03-29T10:00:00Z"), Instant.parse("2027-03-29T11:00:00Z"), "hold");
            db.insertBooking(
                    anna.id(),
                    Instant.parse("2027-03-29T13:00:00Z"),
                    Instant.parse("2027-03-29T14:00:00Z"),
                    "pending_verify");

            FakeCalendar fastCalendar = new FakeCalendar();
            fastCalendar.addBusy(Instant.parse("2027-03-29T08:05:00Z"), Instant.parse("2027-03-29T08:20:00Z"));
            AvailabilityService hits = new AvailabilityService(
                    fastCalendar, new LiveBookings(db.jdbc), db.directory, NOW, AvailabilityProperties.defaults());
            hits.availability(acme, anna, MONDAY);

            FakeCalendar slowCalendar = new FakeCalendar();
            slowCalendar.latency(GRAPH_LATENCY);
            AvailabilityService misses = new AvailabilityService(
                    slowCalendar, new LiveBookings(db.jdbc), db.directory, NOW, AvailabilityProperties.defaults());
            // every miss request asks for a salesperson never seen before, so each one is a cold key
            IntFunction<Salesperson> stranger = i -> new Salesperson(
                    UUID.randomUUID(),
                    acme.id(),
                    anna.graphUserId(),
                    anna.displayName(),
                    anna.email(),
                    anna.timezone(),
                    true,
                    null);

            run(1, WARM_UP_REQUESTS, () -> hits.availability(acme, anna, MONDAY));
            run(1, 3, () -> misses.availability(acme, stranger.apply(0), MONDAY));

            rows.add(measure(
                    "hit", fastCalendar, 1, HIT_REQUESTS_PER_CLIENT, () -> hits.availability(acme, anna, MONDAY)));
            rows.add(measure(
                    "hit",
                    fastCalendar,
                    MANY_CLIENTS,
                    HIT_REQUESTS_PER_CLIENT,
                    () -> hits.availability(acme, anna, MONDAY)));
            rows.add(measure(
                    "miss (Graph 100 ms)",
                    slowCalendar,
                    1,
                    MISS_REQUESTS_ONE_CLIENT,
                    () -> misses.availability(acme, stranger.apply(0), MONDAY)));
            rows.add(measure(
                    "miss (Graph 100 ms)",
                    slowCalendar,
                    MANY_CLIENTS,
                    MISS_REQUESTS_PER_MANY_CLIENT,
                    () -> misses.availability(acme, stranger.apply(0), MONDAY)));
        }
        print(rows);
    }

    private static Row measure(
            String name, FakeCalendar calendar, int clients, int requestsPerClient, Callable<DayAvailability> request)
            throws Exception {
        int graphCallsBefore = calendar.busyCalls();
        long start = System.nanoTime();
        long[][] latencies = run(clients, requestsPerClient, request);
        long wall = System.nanoTime() - start;
        long[] all =
                Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Row(
                name,
                clients,
                all.length,
                calendar.busyCalls() - graphCallsBefore,
                percentile(all, 50),
                percentile(all, 99),
                all[all.length - 1],
                all.length / (wall / 1e9));
    }

    /** Runs the clients in parallel; each stops at its request count or the scenario limit. Nanoseconds per request. */
    private static long[][] run(int clients, int requestsPerClient, Callable<DayAvailability> request)
            throws Exception {
        long deadline = System.nanoTime() + SCENARIO_LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[requestsPerClient];
                    int done = 0;
                    while (done < requestsPerClient && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        request.call();
                        latencies[done++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(latencies, done);
                }));
            }
            long[][] result = new long[clients][];
            for (int c = 0; c < clients; c++) {
                result[c] = futures.get(c).get();
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("AvailabilityService.availability, embedded PostgreSQL, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, pool " + POOL_SIZE + " connections");
        System.out.printf(
                "%-20s %7s %9s %11s %9s %9s %9s %10s%n",
                "scenario", "clients", "requests", "graph calls", "p50 ms", "p99 ms", "max ms", "req/s");
        for (Row r : rows) {
            System.out.printf(
                    "%-20s %7d %9d %11d %9.3f %9.3f %9.3f %10.0f%n",
                    r.name(),
                    r.clients(),
                    r.requests(),
                    r.graphCalls(),
                    r.p50Nanos() / 1e6,
                    r.p99Nanos() / 1e6,
                    r.maxNanos() / 1e6,
                    r.throughput());
        }
    }

    /** Debug logging of the pool and the driver would drown the table. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private record Row(
            String name,
            int clients,
            int requests,
            int graphCalls,
            double p50Nanos,
            double p99Nanos,
            double maxNanos,
            double throughput) {}
}
