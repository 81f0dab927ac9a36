package com.salesbooking.api.idempotency;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.idempotency.IdempotencyService.Result;
import com.salesbooking.migrations.embedded.EmbeddedDatabase;
import com.salesbooking.providers.zoom.MutableClock;
import com.salesbooking.store.idempotency.IdempotencyKeys;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Idempotency-Key rules at the service's own level, against a real PostgreSQL: one run per (tenant, key),
 * the stored answer byte for byte, 422 for another request, 409 while the first runs, and which outcomes are
 * kept (the request's own) and which are not (those a retry could change).
 */
class IdempotencyServiceTest {

    private static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    private static final UUID GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000001");

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private final MutableClock clock = new MutableClock(Instant.parse("2027-03-01T08:00:00Z"));
    private final IdempotencyService service = new IdempotencyService(
            new IdempotencyKeys(jdbc), JsonMapper.builder().build(), clock);
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void database() {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.newDatabase());
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void aRepeatGetsTheStoredAnswerByteForByteWithoutRunningAgain() {
        String key = key();
        ResponseEntity<String> first = service.execute(ACME, key, "hold", Map.of("slot", 1), created("booking-1"));

        ResponseEntity<String> again = service.execute(ACME, key, "hold", Map.of("slot", 1), created("booking-2"));

        assertThat(runs).hasValue(1);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getBody()).isEqualTo(first.getBody()).contains("booking-1");
        assertThat(again.getHeaders().getContentType()).hasToString("application/json");
        assertThat(service.replay(ACME, key, "hold", Map.of("slot", 1)))
                .hasValueSatisfying(replayed -> assertThat(replayed.getBody()).isEqualTo(first.getBody()));
    }

    @Test
    void theSameKeyWithAnotherRequestOrOnAnotherEndpointIs422AndRunsNothing() {
        String key = key();
        service.execute(ACME, key, "hold", Map.of("slot", 1), created("booking-1"));

        assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 2), created("other")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThatThrownBy(() -> service.execute(ACME, key, "confirm", Map.of("slot", 1), created("other")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThatThrownBy(() -> service.replay(ACME, key, "hold", Map.of("slot", 2)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThat(runs).hasValue(1);
    }

    @Test
    void keysBelongToTheirTenant() {
        String key = key();
        service.execute(ACME, key, "hold", Map.of("slot", 1), created("acme"));

        ResponseEntity<String> globex = service.execute(GLOBEX, key, "hold", Map.of("slot", 1), created("globex"));

        assertThat(runs).hasValue(2);
        assertThat(globex.getBody()).contains("globex");
    }

    @Test
    void aRefusalIsTheRequestsOwnOutcomeAndIsKept() {
        String key = key();
        Supplier<Result> taken = () -> {
            runs.incrementAndGet();
            throw new ApiException(ErrorCode.SLOT_TAKEN, "taken");
        };
        ResponseEntity<String> first = service.execute(ACME, key, "hold", Map.of("slot", 1), taken);

        ResponseEntity<String> again = service.execute(ACME, key, "hold", Map.of("slot", 1), created("now free"));

        assertThat(runs).hasValue(1);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody()).isEqualTo(first.getBody()).contains("slot_taken");
        assertThat(again.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void aKeyIsOneTo255VisibleAsciiCharacters() {
        assertThat(IdempotencyService.requireKey("k".repeat(255))).hasSize(255);
        // the first and the last visible ASCII character
        assertThat(IdempotencyService.requireKey("!key~")).isEqualTo("!key~");
        for (String invalid : java.util.List.of("k".repeat(256), "a b", "a\u007fb", "caf\u00e9")) {
            assertThatThrownBy(() -> IdempotencyService.requireKey(invalid))
                    .as("%s", invalid.length() > 20 ? invalid.length() + " characters" : invalid)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
    }

    @Test
    void aStoredBadRequestIsAProblemDocumentToo() {
        String key = key();
        service.execute(ACME, key, "hold", Map.of("slot", 3), () -> {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "no");
        });

        ResponseEntity<String> again = service.execute(ACME, key, "hold", Map.of("slot", 3), created("ok"));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(again.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void outcomesARetryCouldChangeAreNotKept() {
        for (ErrorCode transientOutcome : new ErrorCode[] {ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.RATE_LIMITED}) {
            String key = key();
            ResponseEntity<String> refused = service.execute(ACME, key, "confirm", Map.of("t", 1), () -> {
                runs.incrementAndGet();
                throw new ApiException(transientOutcome, "later", null, Duration.ofSeconds(5));
            });
            assertThat(refused.getStatusCode().value())
                    .isEqualTo(transientOutcome.status().value());
            assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");

            ResponseEntity<String> retried = service.execute(ACME, key, "confirm", Map.of("t", 1), created("done"));

            assertThat(retried.getStatusCode()).as(transientOutcome.name()).isEqualTo(HttpStatus.CREATED);
        }
        assertThat(runs).hasValue(4);
    }

    @Test
    void anUnexpectedFailureReleasesTheKeySoTheRetryRuns() {
        String key = key();
        assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 1), () -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(service.execute(ACME, key, "hold", Map.of("slot", 1), created("second"))
                        .getBody())
                .contains("second");
    }

    @Test
    void aKeyWhoseRequestStillRunsIs409RequestInProgressUntilItIsAbandoned() {
        String key = key();
        ResponseEntity<String>[] inner = new ResponseEntity[1];
        service.execute(ACME, key, "hold", Map.of("slot", 1), () -> {
            assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 1), created("concurrent")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS);
                        assertThat(e.retryAfter()).isPositive();
                    });
            // the first request's api instance "dies" here; two minutes later a retry may take the key over
            clock.advance(IdempotencyService.ABANDONED_AFTER.plusSeconds(1));
            inner[0] = service.execute(ACME, key, "hold", Map.of("slot", 1), created("took over"));
            return new Result(HttpStatus.CREATED, Map.of("booking_id", "late"));
        });

        assertThat(inner[0].getBody()).contains("took over");
    }

    @Test
    void aKeyIsRememberedForItsLifetimeOnly() {
        String key = key();
        service.execute(ACME, key, "hold", Map.of("slot", 1), created("first"));
        clock.advance(IdempotencyService.KEY_LIFETIME.minusSeconds(1));
        assertThat(service.execute(ACME, key, "hold", Map.of("slot", 1), created("x"))
                        .getBody())
                .contains("first");

        clock.advance(Duration.ofSeconds(2));

        assertThat(service.replay(ACME, key, "hold", Map.of("slot", 1))).isEmpty();
        assertThat(service.execute(ACME, key, "hold", Map.of("slot", 1), created("fresh"))
                        .getBody())
                .contains("fresh");
        assertThat(service.execute(ACME, key, "hold", Map.of("slot", 1), created("again"))
                        .getBody())
                .as("the fresh run's answer is the one kept from now on")
                .contains("fresh");
        assertThat(runs).hasValue(2);
    }

    @Test
    void aKeyMustBePresentShortAndVisibleAscii() {
        assertThatThrownBy(() -> IdempotencyService.requireKey(null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_MISSING));
        assertThatThrownBy(() -> IdempotencyService.requireKey(" "))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_MISSING));
        for (String bad : new String[] {"k".repeat(256), "with space", "tab\tkey", "ümlaut"}) {
            assertThatThrownBy(() -> IdempotencyService.requireKey(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
        assertThat(IdempotencyService.requireKey("k".repeat(255))).hasSize(255);
    }

    @Test
    void aServerErrorIsNotKeptEither() {
        String key = key();
        ResponseEntity<String> failed = service.execute(ACME, key, "confirm", Map.of("t", 2), () -> {
            throw new ApiException(ErrorCode.INTERNAL_ERROR, "broken");
        });
        assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);

        ResponseEntity<String> retried = service.execute(ACME, key, "confirm", Map.of("t", 2), created("done"));

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retried.getBody()).contains("done");
    }

    @Test
    void aRefusalByTheChecksGivesTheKeyBackAndStoresNothing() {
        String key = key();
        assertThatThrownBy(() -> service.execute(
                        ACME,
                        key,
                        "hold",
                        Map.of("slot", 4),
                        () -> {
                            throw new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson");
                        },
                        checked -> created("never").get()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SALESPERSON_NOT_FOUND));
        assertThat(keyRows(ACME, key)).as("nothing written").isZero();
        assertThat(runs).hasValue(0);

        // the salesperson exists now: the retry with the same key runs, with what the checks found
        ResponseEntity<String> retried = service.execute(
                ACME,
                key,
                "hold",
                Map.of("slot", 4),
                () -> "anna",
                checked -> created(checked).get());

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retried.getBody()).contains("anna");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aReplayWhileTheFirstRequestStillRunsFindsNothingToReplay() {
        String key = key();
        service.execute(ACME, key, "hold", Map.of("slot", 5), () -> {
            assertThat(service.replay(ACME, key, "hold", Map.of("slot", 5))).isEmpty();
            return new Result(HttpStatus.CREATED, Map.of("booking_id", "running"));
        });

        assertThat(service.replay(ACME, key, "hold", Map.of("slot", 5)))
                .hasValueSatisfying(stored -> assertThat(stored.getBody()).contains("running"));
    }

    @Test
    void anOperationAndARequestThatSpellTheSameBytesTogetherAreAnotherRequest() {
        String key = key();
        service.execute(ACME, key, "hold1", 2, created("first"));

        // "hold1" then 2 and "hold" then 12 are the same characters in a row: the operation ends where the request
        // begins
        assertThatThrownBy(() -> service.execute(ACME, key, "hold", 12, created("second")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThat(runs).hasValue(1);
    }

    @Test
    void anAnswerStoredUnderNoKeyIsWrittenAsAFreshOneIs() {
        Result result = new Result(HttpStatus.OK, Map.of("booking_id", "final", "status", "canceled"));
        ResponseEntity<String> fresh = service.execute(ACME, key(), "cancel", Map.of("b", 1), () -> result);

        ResponseEntity<String> unstored = service.unstored(result);

        assertThat(unstored.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(unstored.getHeaders().getContentType()).hasToString("application/json");
        assertThat(unstored.getBody()).isEqualTo(fresh.getBody());
    }

    @Test
    void anAbandonedKeyIsTakenOverByExactlyOneRetryWhoseAnswerIsKept() {
        String key = key();
        // the first request's api instance dies while it runs: the key stays claimed, nothing is answered
        assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 6), () -> {
                    throw new InstanceDied();
                }))
                .isInstanceOf(InstanceDied.class);
        assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 6), created("too early")))
                .as("not abandoned yet")
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS));

        clock.advance(IdempotencyService.ABANDONED_AFTER.plusSeconds(1));
        ResponseEntity<String> takenOver = service.execute(ACME, key, "hold", Map.of("slot", 6), () -> {
            // a second retry at the same moment finds the key taken over: it runs nothing
            assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 6), created("second retry")))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS));
            return created("took over").get();
        });

        assertThat(takenOver.getBody()).contains("took over");
        assertThat(service.execute(ACME, key, "hold", Map.of("slot", 6), created("later"))
                        .getBody())
                .contains("took over");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aKeyClaimedAndCompletedByAConcurrentRunOfTheSameRequestAnswersWithItsAnswer() throws Exception {
        String earlier = key();
        String key = key();
        Map<String, Integer> request = Map.of("slot", 7);
        ResponseEntity<String> first = service.execute(ACME, earlier, "hold", request, created("concurrent run"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        // another api instance runs the same request with the same key: its row is written but not yet committed
        try (Connection other = DriverManager.getConnection(
                dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("""
                    INSERT INTO idempotency_keys
                           (tenant_id, key, request_hash, state, response_status, response_body, created_at, expires_at)
                    SELECT tenant_id, ?, request_hash, state, response_status, response_body, created_at, expires_at
                      FROM idempotency_keys WHERE tenant_id = ? AND key = ?""")) {
                insert.setString(1, key);
                insert.setObject(2, ACME);
                insert.setString(3, earlier);
                assertThat(insert.executeUpdate()).isOne();
            }
            Future<ResponseEntity<String>> racing =
                    pool.submit(() -> service.execute(ACME, key, "hold", request, created("this run")));
            // this request's claim waits for the other transaction's row ...
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("""
                            SELECT count(*) FROM pg_stat_activity
                             WHERE datname = current_database() AND wait_event_type = 'Lock'""").query(Integer.class).single() > 0);
            // ... which commits after this request's statement began, so that statement neither claims nor reads it
            other.commit();

            ResponseEntity<String> answer = racing.get(30, TimeUnit.SECONDS);

            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(answer.getBody()).isEqualTo(first.getBody());
            assertThat(runs).as("only the earlier run").hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofTwoRetriesTakingAnAbandonedKeyOverAtOnceOnlyOneRuns() throws Exception {
        String key = key();
        Map<String, Integer> request = Map.of("slot", 9);
        assertThatThrownBy(() -> service.execute(ACME, key, "hold", request, () -> {
                    throw new InstanceDied();
                }))
                .isInstanceOf(InstanceDied.class);
        clock.advance(IdempotencyService.ABANDONED_AFTER.plusSeconds(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = DriverManager.getConnection(
                dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())) {
            other.setAutoCommit(false);
            // the other retry takes the key over (as IdempotencyKeys.takeOverAbandoned does), not yet committed ...
            try (PreparedStatement takeOver = other.prepareStatement(
                    "UPDATE idempotency_keys SET created_at = ? WHERE tenant_id = ? AND key = ?")) {
                takeOver.setTimestamp(1, java.sql.Timestamp.from(clock.instant()));
                takeOver.setObject(2, ACME);
                takeOver.setString(3, key);
                assertThat(takeOver.executeUpdate()).isOne();
            }
            Future<ResponseEntity<String>> racing =
                    pool.submit(() -> service.execute(ACME, key, "hold", request, created("second retry")));
            // ... while this retry's claim waits for it, and so reads the row as it was: abandoned
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("""
                            SELECT count(*) FROM pg_stat_activity
                             WHERE datname = current_database() AND wait_event_type = 'Lock'""").query(Integer.class).single() > 0);
            other.commit();

            assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ApiException.class)
                    .satisfies(e ->
                            assertThat(((ApiException) e.getCause()).code()).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS));
            assertThat(runs).as("the other retry runs it").hasValue(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyThatStaysUnclaimableIs409AfterFourTriesInsteadOfEndlessTries() {
        // an expired row that cannot be deleted (a trigger keeps it, and counts the tries) is claimed in vain
        jdbc.sql("CREATE TABLE IF NOT EXISTS stuck_key_deletes (key text NOT NULL)")
                .update();
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION keep_stuck_keys() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF OLD.key LIKE 'stuck-%' THEN
                                INSERT INTO stuck_key_deletes VALUES (OLD.key);
                                RETURN NULL;
                            END IF;
                            RETURN OLD;
                        END $$""").update();
        jdbc.sql("DROP TRIGGER IF EXISTS keep_stuck_keys ON idempotency_keys").update();
        jdbc.sql("""
                        CREATE TRIGGER keep_stuck_keys BEFORE DELETE ON idempotency_keys
                           FOR EACH ROW EXECUTE FUNCTION keep_stuck_keys()""").update();
        String key = "stuck-" + key();
        service.execute(ACME, key, "hold", Map.of("slot", 8), created("first"));
        clock.advance(IdempotencyService.KEY_LIFETIME.plusSeconds(1));

        assertThatThrownBy(() -> service.execute(ACME, key, "hold", Map.of("slot", 8), created("second")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS);
                    assertThat(e.retryAfter()).isPositive();
                });

        assertThat(runs).hasValue(1);
        assertThat(jdbc.sql("SELECT count(*) FROM stuck_key_deletes WHERE key = ?")
                        .param(key)
                        .query(Integer.class)
                        .single())
                .as("tries")
                .isEqualTo(4);
    }

    /** What a request's api instance dying mid-request looks like to the key: no answer, no release. */
    private static final class InstanceDied extends Error {}

    private static int keyRows(UUID tenantId, String key) {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND key = ?")
                .params(tenantId, key)
                .query(Integer.class)
                .single();
    }

    private Supplier<Result> created(String bookingId) {
        return () -> {
            runs.incrementAndGet();
            return new Result(HttpStatus.CREATED, Map.of("booking_id", bookingId));
        };
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
