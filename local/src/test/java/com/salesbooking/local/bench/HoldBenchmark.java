package com.salesbooking.local.bench;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hold throughput and latency against local mode (embedded PostgreSQL, the port-bound Temporal service,
 * workers and api in this JVM, on random loopback ports), in one run:
 * <ul>
 *   <li>POST /holds at 1, 8 and 32 concurrent clients, every request on its own free slot (validation,
 *       idempotency key, availability check, the insert transaction, the workflow start);</li>
 *   <li>the ceiling: a plain JDBC insert of a booking row into the same database at the same concurrency;</li>
 *   <li>the race: 200 concurrent holds on one slot (exactly one may win).</li>
 * </ul>
 * Not a test; bounded in requests and time. Run:
 * <pre>
 * ./mvnw -B -q install -DskipTests -Dspring-boot.repackage.skip=true
 * ./mvnw -B -q -pl local exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.salesbooking.local.bench.HoldBenchmark
 * </pre>
 */
public final class HoldBenchmark {

    static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Requests per concurrency level: enough for a stable p99 on 2 cores, short enough to finish in a minute. */
    static final int REQUESTS = 400;

    static final int WARM_UP = 100;
    /** A level stops early past this and reports what it measured. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private HoldBenchmark() {}

    public static void main(String[] args) throws Exception {
        // more connections than local mode's default, so the JDBC ceiling is not capped by the pool
        System.setProperty("spring.datasource.hikari.maximum-pool-size", "20");
        BenchmarkSystem system = BenchmarkSystem.start();
        ConfigurableApplicationContext context = system.context();
        int exit = 0;
        try {
            String base = system.baseUrl();
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            SlotSupply slots = new SlotSupply(jdbc);

            List<Row> rows = new ArrayList<>();
            measureHolds(http, base, slots, 1, WARM_UP);
            for (int clients : new int[] {1, 8, 32}) {
                rows.add(measureHolds(http, base, slots, clients, REQUESTS).named("POST /holds", clients));
            }
            measureInserts(dataSource, slots, 8, WARM_UP);
            for (int clients : new int[] {1, 8, 32}) {
                rows.add(measureInserts(dataSource, slots, clients, REQUESTS).named("JDBC insert (ceiling)", clients));
            }
            Row race = race(http, base, slots);

            System.out.printf(
                    "%nHolds on distinct slots, local mode, loopback, %d cores%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "%-24s %7s %8s %8s %9s %9s %9s %9s%n",
                    "scenario", "clients", "requests", "errors", "p50 ms", "p99 ms", "max ms", "per s");
            for (Row row : rows) {
                System.out.println(row);
            }
            System.out.printf("%n200 concurrent holds on one slot: %s%n", race.statuses);
            System.out.printf("  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", race.p50, race.p99, race.max);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            system.close();
        }
        System.exit(exit);
    }

    private static Row measureHolds(HttpClient http, String base, SlotSupply slots, int clients, int requests)
            throws Exception {
        List<Slot> work = slots.take(requests);
        return measure(
                clients,
                work,
                slot -> {
                    String body = """
                    {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"bench-%s@example.com"}}""".formatted(
                                    slot.salesperson(),
                                    slot.start(),
                                    slot.start().plus(Duration.ofHours(1)),
                                    UUID.randomUUID());
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/public/acme/holds"))
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return response.statusCode();
                },
                201);
    }

    private static Row measureInserts(DataSource dataSource, SlotSupply slots, int clients, int requests)
            throws Exception {
        List<Slot> work = slots.take(requests);
        UUID customer = slots.benchCustomer();
        return measure(
                clients,
                work,
                slot -> {
                    try (Connection c = dataSource.getConnection();
                            PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO bookings (id, tenant_id, salesperson_id, customer_id, start_at_utc, end_at_utc, status,
                                          idempotency_key, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'confirmed', ?, now(), now())""")) {
                        ps.setObject(1, UUID.randomUUID());
                        ps.setObject(2, ACME);
                        ps.setObject(3, slot.salesperson());
                        ps.setObject(4, customer);
                        ps.setTimestamp(5, Timestamp.from(slot.start()));
                        ps.setTimestamp(6, Timestamp.from(slot.start().plus(Duration.ofHours(1))));
                        ps.setString(7, UUID.randomUUID().toString());
                        ps.executeUpdate();
                        return 201;
                    }
                },
                201);
    }

    private static Row race(HttpClient http, String base, SlotSupply slots) throws Exception {
        Slot slot = slots.take(1).get(0);
        ExecutorService pool = Executors.newFixedThreadPool(200);
        List<Future<long[]>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> {
                    String body = """
                            {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"race-%s@example.com"}}""".formatted(
                                    slot.salesperson(),
                                    slot.start(),
                                    slot.start().plus(Duration.ofHours(1)),
                                    UUID.randomUUID());
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/public/acme/holds"))
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return new long[] {response.statusCode(), System.nanoTime() - t0};
                }));
            }
            Map<Long, Integer> statuses = new TreeMap<>();
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> call : calls) {
                long[] r = call.get();
                statuses.merge(r[0], 1, Integer::sum);
                latencies.add(r[1]);
            }
            Row row = Row.of(latencies, 0, 0);
            row.statuses = statuses.toString();
            return row;
        } finally {
            pool.shutdownNow();
        }
    }

    interface Call {
        int run(Slot slot) throws Exception;
    }

    private static Row measure(int clients, List<Slot> work, Call call, int expected) throws Exception {
        ConcurrentLinkedQueue<Slot> queue = new ConcurrentLinkedQueue<>(work);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                Slot slot;
                while ((slot = queue.poll()) != null && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        if (call.run(slot) != expected) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        long elapsed = System.nanoTime() - started;
        pool.shutdownNow();
        return Row.of(new ArrayList<>(latencies), errors.get(), elapsed);
    }

    /** Free slots: fresh salespersons of acme (Berlin, Mon-Fri 09:00-17:00), every whole hour, from two days ahead. */
    static final class SlotSupply {
        private final JdbcClient jdbc;
        private final List<Slot> free = new ArrayList<>();
        private UUID customer;

        SlotSupply(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        synchronized List<Slot> take(int n) {
            while (free.size() < n) {
                addSalesperson();
            }
            List<Slot> taken = new ArrayList<>(free.subList(0, n));
            free.subList(0, n).clear();
            return taken;
        }

        private void addSalesperson() {
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                            INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, timezone, active)
                            VALUES (?, ?, ?, 'Bench Seller', 'Europe/Berlin', true)""").params(id, ACME, "bench-" + id).update();
            List<Slot> slots = new ArrayList<>();
            LocalDate day = LocalDate.now(BERLIN).plusDays(2);
            // two slots apart: a booking's 10-minute buffer never touches the next one used
            for (int d = 0; d < 50; d++, day = day.plusDays(1)) {
                if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    continue;
                }
                for (int hour = 9; hour < 17; hour += 2) {
                    slots.add(new Slot(id, day.atTime(hour, 0).atZone(BERLIN).toInstant()));
                }
            }
            Collections.shuffle(slots);
            free.addAll(slots);
        }

        synchronized UUID benchCustomer() {
            if (customer == null) {
                customer = UUID.randomUUID();
                jdbc.sql("INSERT INTO customers (id, tenant_id, email) VALUES (?, ?, ?)")
                        .params(customer, ACME, "bench-ceiling-" + customer + "@example.com")
                        .update();
            }
            return customer;
        }
    }

    record Slot(UUID salesperson, Instant start) {}

    static final class Row {
        String name = "";
        int clients;
        int requests;
        int errors;
        double p50;
        double p99;
        double max;
        double perSecond;
        String statuses;

        static Row of(List<Long> nanos, int errors, long elapsedNanos) {
            Collections.sort(nanos);
            Row row = new Row();
            row.requests = nanos.size();
            row.errors = errors;
            row.p50 = nanos.isEmpty() ? 0 : nanos.get((int) Math.floor(0.50 * (nanos.size() - 1))) / 1e6;
            row.p99 = nanos.isEmpty() ? 0 : nanos.get((int) Math.floor(0.99 * (nanos.size() - 1))) / 1e6;
            row.max = nanos.isEmpty() ? 0 : nanos.get(nanos.size() - 1) / 1e6;
            row.perSecond = elapsedNanos == 0 ? 0 : nanos.size() / (elapsedNanos / 1e9);
            return row;
        }

        Row named(String name, int clients) {
            this.name = name;
            this.clients = clients;
            return this;
        }

        @Override
        public String toString() {
            return String.format(
                    "%-24s %7d %8d %8d %9.2f %9.2f %9.2f %9.0f",
                    name, clients, requests, errors, p50, p99, max, perSecond);
        }
    }
}
