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

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
