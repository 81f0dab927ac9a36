package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.salesbooking.providers.zoom.ZoomFake.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZoomTokenCacheConcurrencyTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final int CALLERS = 8;

    private ZoomFake zoom;
    private ExecutorService pool;

    @BeforeEach
    void start() throws IOException {
        zoom = new ZoomFake();
        pool = Executors.newFixedThreadPool(CALLERS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        zoom.close();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void concurrentCallersWaitForOneTokenRequest() throws Exception {
        ZoomMeetingProvider provider =
                new ZoomMeetingProvider(zoom.properties(null), new MutableClock(Instant.parse("2027-03-20T09:00:00Z")));
        for (int i = 0; i < CALLERS; i++) {
            zoom.apiAnswers.add(status(204));
        }
        CountDownLatch gate = new CountDownLatch(1);
        zoom.tokenGate = gate;
        List<Thread> callers = new ArrayList<>();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String meetingId = String.valueOf(i);
            calls.add(pool.submit(() -> {
                synchronized (callers) {
                    callers.add(Thread.currentThread());
                }
                provider.deleteMeeting(ACME, meetingId);
            }));
        }

        // one caller is inside the token request (held by the gate); every other one must be parked on the
        // cache, not sending a token request of its own
        await().atMost(Duration.ofSeconds(10))
                .until(() -> zoom.tokenRequests.size() == 1 && parked(callers) == CALLERS - 1);
        gate.countDown();
        for (Future<?> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }

        assertThat(zoom.tokenRequests).hasSize(1);
        assertThat(zoom.apiRequests)
                .hasSize(CALLERS)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsOnly("Bearer token-1");
    }

    private static long parked(List<Thread> callers) {
        synchronized (callers) {
            return callers.size() < CALLERS
                    ? -1
                    : callers.stream()
                            .filter(t ->
                                    t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                            .count();
        }
    }
}
