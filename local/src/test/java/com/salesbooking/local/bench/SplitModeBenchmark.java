package com.salesbooking.local.bench;

import com.salesbooking.local.LocalServices;
import com.salesbooking.local.bench.LoadDriver.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds and availability measured the way production runs them: the api in a JVM of its own (a child process on
 * this class path), the worker, the port-bound Temporal service and embedded PostgreSQL in this JVM. Reports, in one
 * run, for the bare endpoint (the Graph webhook's validation echo: Tomcat, Spring MVC, no work), availability (one
 * salesperson-date, the Graph answer cached) and holds (each on its own free slot), at 1, 8 and 32 clients: requests
 * per second, latency p50/p90/p99, the api process's CPU time per request (its {@code /proc} CPU time before and
 * after each level, so garbage collection and JIT count too), the same without the JIT compiler's threads, and the
 * whole machine's CPU time per request; then holds at a paced 40 per second from 8 clients; then 1,000 concurrent
 * holds on one slot. Warms up first (2,000 holds, then mixed rounds until the JIT compilers quiet down, see
 * {@link #warmUntilCompilersQuiet}). Not a test; about four minutes on 2 cores. Run:
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests -Dspring-boot.repackage.skip=true
 * ./mvnw -B -q -pl local exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.salesbooking.local.bench.SplitModeBenchmark
 * </pre>
 *
 * {@code BENCH_API_JFR=/tmp/api.jfr} in the environment records a JFR CPU profile of the api process to that file.
 */
public final class SplitModeBenchmark {

    static final String TENANT = "acme";
    /** Requests per level: a stable p99 on 2 cores within the time budget. */
    static final int HOLDS = 1_000;
    /**
     * Holds before the first measured level: the hold path runs through the Temporal client, gRPC and protobuf, which
     * the JIT compiles only after thousands of calls; 300 left the first levels measuring the compiler (32 ms of api
     * CPU per hold at one client), not the steady state a long-running replica pays.
     */
    static final int HOLD_WARM_UP = 2_000;

    /**
     * The paced hold level: 8 clients, each placing a hold every 200 ms (40 holds/s offered, a quarter to a fifth of
     * the 150-190/s this machine carries with the api, the worker, Temporal and PostgreSQL on the same 2 cores). The
     * closed loops above saturate the machine, so their latency is the queue Little's law predicts (clients /
     * throughput); this level shows what one hold takes when customers think between clicks.
     */
    static final int PACED_CLIENTS = 8;

    static final Duration PACED_INTERVAL = Duration.ofMillis(200);
    static final int PACED_HOLDS = 600;

    /** A JVM whose compilers take less than this share of one core is taken as warm. */
    static final double QUIET_COMPILERS = 0.10;
    /** About 8 s each here; the bound keeps a machine that never quiets down from running for ever. */
    static final int WARM_UP_ROUNDS = 20;

    static final int AVAILABILITY = 4_000;
    static final int BARE = 4_000;
    static final int RACE = 1_000;
    /** A level stops early past this and reports what it measured. */
    static final Duration LIMIT = Duration.ofSeconds(40);

    SplitModeBenchmark() {}

    public static void main(String[] args) {
        System.exit(runAll() ? 0 : 1);
    }

    /**
     * The same run as {@link #main} from surefire, which builds the modules it needs first (a worktree's
     * {@code -am}):
     * {@code ./mvnw -B -pl local test -Dtest=SplitModeBenchmark -Dbenchmark=true}. Fails when the race on one slot
     * did not end with exactly one hold and no server error.
     */
    @Test
    @EnabledIfSystemProperty(named = "benchmark", matches = "true")
    void splitModeFigures() {
        assertThat(runAll())
                .as("the run failed or the race on one slot did not end with one hold")
                .isTrue();
    }

    /** @return whether everything ran and the race ended with exactly one hold and no other answer */
    static boolean runAll() {
        boolean ok = false;
        LocalServices services = LocalServices.start(0, 0, LocalServices.DEFAULT_BIND_ADDRESS);
        ConfigurableApplicationContext worker = null;
        Process api = null;
        try {
            Map<String, String> settings = services.applicationProperties(Map.of("PORT", "0"));
            worker = startWorker(settings);
            api = startApi(settings);
            String base = "http://127.0.0.1:" + awaitPort(api);
            ok = run(api, base, worker.getBean(JdbcClient.class));
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            if (api != null) {
                api.destroy();
                try {
                    api.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                api.destroyForcibly();
            }
            if (worker != null) {
                worker.close();
            }
            services.close();
        }
        return ok;
    }

    private static boolean run(Process api, String base, JdbcClient jdbc) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        HoldBenchmark.SlotSupply slots = new HoldBenchmark.SlotSupply(jdbc);
        UUID salesperson = slots.take(1).get(0).salesperson();
        LocalDate date = nextWeekday(LocalDate.now(HoldBenchmark.BERLIN).plusDays(7));
        String availabilityUrl =
                base + "/v1/public/" + TENANT + "/availability?salesperson=" + salesperson + "&date=" + date;
        HttpRequest bare = HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/graph?validationToken=bench"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpRequest availability = HttpRequest.newBuilder(URI.create(availabilityUrl))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        IntFunction<HttpRequest> holds = i -> hold(base, slots.take(1).get(0));

        // warm-up: the JIT compiles the paths measured below, the Graph answer of the date is cached
        measure(api, http, 8, 3_000, i -> bare, 200);
        measure(api, http, 8, 3_000, i -> availability, 200);
        measure(api, http, 8, HOLD_WARM_UP, holds, 201);
        String warmUp = warmUntilCompilersQuiet(api, http, bare, availability, holds);

        List<Line> rows = new ArrayList<>();
        for (int clients : new int[] {1, 8, 32}) {
            int scale = clients == 1 ? 4 : 1;
            rows.add(measure(api, http, clients, BARE / scale, i -> bare, 200).named("bare (webhook echo)", clients));
            rows.add(measure(api, http, clients, AVAILABILITY / scale, i -> availability, 200)
                    .named("availability (cached)", clients));
            rows.add(measure(api, http, clients, HOLDS / scale, holds, 201).named("POST /holds", clients));
        }
        rows.add(measure(api, http, PACED_CLIENTS, PACED_HOLDS, holds, 201, PACED_INTERVAL)
                .named("POST /holds paced", PACED_CLIENTS));
        HoldBenchmark.Slot contested = slots.take(1).get(0);
        Race race = Race.of(LoadDriver.race(http, RACE, i -> hold(base, contested)));

        System.out.printf(
                "%nSplit mode: api in its own JVM (pid %d); worker, Temporal test server, PostgreSQL in another; %d"
                        + " cores, load average %s%n",
                api.pid(), Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println(warmUp);
        System.out.printf(
                "%-22s %7s %8s %6s %8s %8s %8s %8s %8s %11s %11s %12s%n",
                "scenario",
                "clients",
                "requests",
                "errors",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms",
                "per s",
                "api CPU ms",
                "w/o JIT ms",
                "machine CPU");
        for (Line row : rows) {
            System.out.println(row);
        }
        for (int clients : new int[] {1, 8, 32}) {
            Row bareRow = find(rows, "bare (webhook echo)", clients);
            Row availabilityRow = find(rows, "availability (cached)", clients);
            System.out.printf(
                    "availability / bare throughput at %2d clients: %.2f%n",
                    clients, availabilityRow.perSecond / bareRow.perSecond);
        }
        System.out.printf(
                "%n%d concurrent holds on one slot: 201=%d, 409 slot_taken=%d, other=%d %s, 5xx=%d%n",
                RACE, race.created, race.slotTaken, race.other, race.others, race.serverErrors);
        System.out.printf(
                "  p50 %.1f ms, p99 %.1f ms, max %.1f ms; %s%n",
                race.latency.p50,
                race.latency.p99,
                race.latency.max,
                race.created == 1 && race.serverErrors == 0 && race.other == 0 ? "OK" : "FAILED");
        return race.created == 1 && race.serverErrors == 0 && race.other == 0;
    }

    /**
     * Mixed rounds (bare, availability, holds at 8 clients) until the JIT compilers of both JVMs, the api's and this
     * one (worker, Temporal, PostgreSQL's driver, the load driver), took under {@link #QUIET_COMPILERS} of one core
     * during a round, or {@link #WARM_UP_ROUNDS} rounds passed. On 2 cores the C2 compilers of the two JVMs took
     * 1 to 1.8 cores for the whole of a run that warmed up with a fixed number of requests (JFR compilation events),
     * so every latency and the machine's CPU per request measured the compilers as much as the requests; a
     * long-running replica has finished compiling.
     *
     * @return a line saying how the warm-up ended, printed above the table
     */
    private static String warmUntilCompilersQuiet(
            Process api, HttpClient http, HttpRequest bare, HttpRequest availability, IntFunction<HttpRequest> holds)
            throws Exception {
        long self = ProcessHandle.current().pid();
        double share = 1;
        int round = 0;
        while (round < WARM_UP_ROUNDS && share >= QUIET_COMPILERS) {
            round++;
            Duration apiBefore = compilerCpu(api.pid());
            Duration selfBefore = compilerCpu(self);
            long started = System.nanoTime();
            measure(api, http, 8, 1_000, i -> bare, 200);
            measure(api, http, 8, 1_000, i -> availability, 200);
            measure(api, http, 8, 300, holds, 201);
            double wall = (System.nanoTime() - started) / 1e9;
            double apiShare = compilerCpu(api.pid()).minus(apiBefore).toNanos() / 1e9 / wall;
            double selfShare = compilerCpu(self).minus(selfBefore).toNanos() / 1e9 / wall;
            share = Math.max(apiShare, selfShare);
            System.out.printf(
                    "warm-up round %d: JIT compilers took %.0f %% of a core in the api, %.0f %% in the worker's JVM%n",
                    round, apiShare * 100, selfShare * 100);
        }
        return String.format(
                "Warm-up: %d mixed rounds after the first %d holds; in the last, the busier JVM's JIT compilers took %.0f %%"
                        + " of a core (%s)",
                round,
                HOLD_WARM_UP,
                share * 100,
                share < QUIET_COMPILERS ? "quiet" : "still compiling: the figures include it");
    }

    private static Row find(List<Line> rows, String name, int clients) {
        return rows.stream()
                .map(Line::row)
                .filter(r -> r.name.equals(name) && r.clients == clients)
                .findFirst()
                .orElseThrow();
    }

    private static HttpRequest hold(String base, HoldBenchmark.Slot slot) {
        return HoldBenchmark.hold(base, slot, "bench-");
    }

    private static LocalDate nextWeekday(LocalDate day) {
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** {@code clients} callers, each sending its next request when the last one is answered. */
    private static Line measure(
            Process api, HttpClient http, int clients, int requests, IntFunction<HttpRequest> request, int expected)
            throws Exception {
        return measure(api, http, clients, requests, request, expected, null);
    }

    /**
     * @param interval null for the closed loop; else each caller sends a request every interval
     *                 ({@link LoadDriver#paced})
     */
    private static Line measure(
            Process api,
            HttpClient http,
            int clients,
            int requests,
            IntFunction<HttpRequest> request,
            int expected,
            Duration interval)
            throws Exception {
        // the requests are built before the clock starts (a hold's slot comes from the database)
        List<HttpRequest> work = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            work.add(request.apply(i));
        }
        Duration cpuBefore = cpu(api);
        Duration compilerBefore = compilerCpu(api.pid());
        Duration machineBefore = machineCpu();
        LoadDriver.Call<HttpRequest> call =
                next -> http.send(next, HttpResponse.BodyHandlers.ofString()).statusCode() == expected;
        LoadDriver.Level level = interval == null
                ? LoadDriver.closedLoop(clients, work, LIMIT, call)
                : LoadDriver.paced(clients, work, interval, LIMIT, call);
        Duration cpu = cpu(api).minus(cpuBefore);
        Duration withoutCompiler = cpu.minus(compilerCpu(api.pid()).minus(compilerBefore));
        Duration machine = machineCpu().minus(machineBefore);
        Row row = Row.of(level);
        return new Line(row, perRequest(cpu, row), perRequest(withoutCompiler, row), perRequest(machine, row));
    }

    private static double perRequest(Duration cpu, Row row) {
        return row.requests == 0 ? 0 : cpu.toNanos() / 1e6 / row.requests;
    }

    /**
     * The CPU time every process on the machine spent (Linux {@code /proc/stat}: user, nice, system, irq, softirq and
     * steal, in 10 ms ticks): the api, the worker and Temporal, PostgreSQL and this load driver together. On a quiet
     * machine, divided by the requests it says what one request costs the whole system, and so what throughput (and,
     * by Little's law, what latency at a given number of clients) two cores can give.
     */
    private static Duration machineCpu() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            // fields[0] is "cpu"; 1 user, 2 nice, 3 system, 4 idle, 5 iowait, 6 irq, 7 softirq, 8 steal
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(fields[i]);
            }
            return Duration.ofMillis(ticks * 10);
        } catch (IOException e) {
            throw new IllegalStateException("this platform has no /proc/stat", e);
        }
    }

    /**
     * The CPU time of the process's JIT compiler threads (Linux {@code /proc/<pid>/task/<tid>/stat}, clock ticks of
     * 10 ms). On a shared 2-core machine the C2 compiler is still working through the Temporal client's, gRPC's and
     * protobuf's code minutes into a run and takes as much CPU as the requests themselves: a cost a long-running
     * replica pays once, so the table shows the CPU per request with and without it.
     */
    private static Duration compilerCpu(long pid) {
        long ticks = 0;
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (var threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String name = Files.readString(thread.resolve("comm")).trim();
                    if (!name.contains("CompilerThre") && !name.startsWith("Sweeper thread")) {
                        continue;
                    }
                    String stat = Files.readString(thread.resolve("stat"));
                    // the fields after the parenthesised name: utime and stime are the 12th and 13th
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException threadEnded) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("this platform does not list a process's threads in /proc", e);
        }
        // USER_HZ is 100 on every Linux build this runs on (getconf CLK_TCK)
        return Duration.ofMillis(ticks * 10);
    }

    /** The process's user + system CPU time (Linux: from /proc, in clock ticks). */
    private static Duration cpu(Process process) {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this platform does not report a process's CPU time"));
    }

    private static final class Race {
        int created;
        int slotTaken;
        int other;
        int serverErrors;
        String others;
        Row latency;

        static Race of(List<LoadDriver.Answer> answers) {
            Race race = new Race();
            Map<String, Integer> others = new TreeMap<>();
            for (LoadDriver.Answer a : answers) {
                if (a.status() == 201) {
                    race.created++;
                } else if (a.status() == 409 && a.body().contains("\"slot_taken\"")) {
                    race.slotTaken++;
                } else {
                    race.other++;
                    others.merge(a.status() + (a.status() == 409 ? " " + a.body() : ""), 1, Integer::sum);
                    if (a.status() >= 500 || a.status() < 0) {
                        race.serverErrors++;
                    }
                }
            }
            race.others = others.isEmpty() ? "" : others.toString();
            race.latency = Row.of(LoadDriver.latencies(answers), 0, 0);
            return race;
        }
    }

    private static ConfigurableApplicationContext startWorker(Map<String, String> settings) {
        List<String> arguments = arguments(settings);
        arguments.add("--" + SplitModeParts.ROLE + "=worker");
        return new SpringApplication(SplitModeParts.Worker.class).run(arguments.toArray(String[]::new));
    }

    private static Process startApi(Map<String, String> settings) throws IOException, URISyntaxException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a production-like heap for one api replica
        command.add("-Xmx512m");
        String jfr = System.getenv("BENCH_API_JFR");
        if (jfr != null && !jfr.isBlank()) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
            // Spring MVC, Tomcat and the Temporal client nest deeper than JFR's default 64 frames
            command.add("-XX:FlightRecorderOptions=stackdepth=256");
        }
        command.add("-cp");
        command.add(classPath());
        command.add(SplitModeParts.ApiProcess.class.getName());
        command.addAll(arguments(settings));
        command.add("--" + SplitModeParts.ROLE + "=api");
        // the worker's context has migrated the database
        command.add("--spring.liquibase.enabled=false");
        // the harness is one client address placing thousands of holds
        command.add("--booking.limits.max-holds-per-client=1000000");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return process;
    }

    private static List<String> arguments(Map<String, String> settings) {
        List<String> arguments = new ArrayList<>();
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--spring.config.name=local");
        arguments.add("--logging.level.root=WARN");
        arguments.add("--logging.level.com.salesbooking=WARN");
        arguments.add("--logging.level.io.temporal=ERROR");
        return arguments;
    }

    /** The class path this benchmark runs on (exec:java loads it into a class loader of its own). */
    private static String classPath() throws URISyntaxException {
        ClassLoader loader = SplitModeBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                entries.add(new File(url.toURI()).getPath());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    /** Waits for the api's {@code api-port=} line, then keeps draining its output (printing what it says). */
    private static int awaitPort(Process api) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.startsWith("api-port=")) {
                                port.complete(Integer.parseInt(line.substring("api-port=".length())));
                            } else {
                                System.out.println("[api] " + line);
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    port.completeExceptionally(new IllegalStateException("the api process ended before listening"));
                },
                "split-api-output");
        drain.setDaemon(true);
        drain.start();
        return port.get(180, TimeUnit.SECONDS);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A row of the table: a level's figures and the api process's CPU time per request. */
    private record Line(Row row, double apiCpuMillis, double withoutCompilerMillis, double machineCpuMillis) {
        Line named(String name, int clients) {
            row.named(name, clients);
            return this;
        }

        @Override
        public String toString() {
            return String.format(
                    "%-22s %7d %8d %6d %8.2f %8.2f %8.2f %8.2f %8.0f %11.3f %11.3f %12.3f",
                    row.name,
                    row.clients,
                    row.requests,
                    row.errors,
                    row.p50,
                    row.p90,
                    row.p99,
                    row.max,
                    row.perSecond,
                    apiCpuMillis,
                    withoutCompilerMillis,
                    machineCpuMillis);
        }
    }
}
