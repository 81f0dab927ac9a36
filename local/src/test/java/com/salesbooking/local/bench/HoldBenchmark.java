package com.salesbooking.local.bench;

import com.salesbooking.local.bench.LoadDriver.Row;
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
    /** Concurrent holds on one slot (exactly one may win). */
    static final int RACE = 200;
    /** A level stops early past this and reports what it measured. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private HoldBenchmark() {}

    public static void main(String[] args) {
        // more connections than local mode's default, so the JDBC ceiling is not capped by the pool
        System.setProperty("spring.datasource.hikari.maximum-pool-size", "20");
        BenchmarkSystem.runAndExit(system -> {
            String base = system.baseUrl();
            ConfigurableApplicationContext context = system.context();
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
            Slot contested = slots.take(1).get(0);
            List<LoadDriver.Answer> race = LoadDriver.race(http, RACE, i -> hold(base, contested, "race-"));
            Map<Integer, Integer> statuses = new TreeMap<>();
            race.forEach(answer -> statuses.merge(answer.status(), 1, Integer::sum));
            Row raceLatency = Row.of(LoadDriver.latencies(race), 0, 0);

            System.out.printf(
                    "%nHolds on distinct slots, local mode, loopback, %d cores%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "%-24s %7s %8s %8s %9s %9s %9s %9s%n",
                    "scenario", "clients", "requests", "errors", "p50 ms", "p99 ms", "max ms", "per s");
            for (Row row : rows) {
                System.out.printf(
                        "%-24s %7d %8d %8d %9.2f %9.2f %9.2f %9.0f%n",
                        row.name, row.clients, row.requests, row.errors, row.p50, row.p99, row.max, row.perSecond);
            }
            System.out.printf("%n%d concurrent holds on one slot: %s%n", RACE, statuses);
            System.out.printf(
                    "  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", raceLatency.p50, raceLatency.p99, raceLatency.max);
        });
    }

    /** A hold of {@code slot} for a new customer ({@code emailPrefix} + a random id), with its own idempotency key. */
    static HttpRequest hold(String base, Slot slot, String emailPrefix) {
        String body = """
                {"salesperson_id":"%s","start_at":"%s","end_at":"%s","customer":{"email":"%s%s@example.com"}}""".formatted(
                        slot.salesperson(),
                        slot.start(),
                        slot.start().plus(Duration.ofHours(1)),
                        emailPrefix,
                        UUID.randomUUID());
        return HttpRequest.newBuilder(URI.create(base + "/v1/public/acme/holds"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static Row measureHolds(HttpClient http, String base, SlotSupply slots, int clients, int requests)
            throws Exception {
        List<Slot> work = slots.take(requests);
        return Row.of(LoadDriver.closedLoop(
                clients,
                work,
                LIMIT,
                slot -> http.send(hold(base, slot, "bench-"), HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 201));
    }

    private static Row measureInserts(DataSource dataSource, SlotSupply slots, int clients, int requests)
            throws Exception {
        List<Slot> work = slots.take(requests);
        UUID customer = slots.benchCustomer();
        return Row.of(LoadDriver.closedLoop(clients, work, LIMIT, slot -> {
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
                return true;
            }
        }));
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
}
