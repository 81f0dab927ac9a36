package com.salesbooking.providers.graph;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class MailboxLimiterTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final String EVENT = """
            {"id": "ev", "start": {"dateTime": "2027-03-28T08:00:00", "timeZone": "UTC"},
             "end": {"dateTime": "2027-03-28T09:00:00", "timeZone": "UTC"}}""";

    private GraphFake graph;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger heldAtGraph = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void start() throws IOException {
        graph = new GraphFake();
        graph.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().startsWith("/v1.0/users/sp-1/")) {
                    heldAtGraph.incrementAndGet();
                    release.await(10, TimeUnit.SECONDS);
                }
                return GraphFake.json(200, EVENT);
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        graph.close();
    }

    @Test
    void aFifthConcurrentCallToAMailboxFailsRetryableWithoutReachingGraph() throws Exception {
        // the fifth caller waits 200 ms for a permit instead of the production 10 s
        MailboxLimiter limiter = new MailboxLimiter(4, Duration.ofMillis(200));
        GraphClientFactory clients = graph.clients();
        GraphCalendarProvider calendar = new GraphCalendarProvider(clients, limiter, GraphFake.CLOCK);
        GraphMailSender mail = new GraphMailSender(clients, limiter, GraphFake.CLOCK);
        List<Future<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String eventId = "ev-" + i;
            inFlight.add(pool.submit(() -> calendar.getEvent(ACME, "sp-1", eventId)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> heldAtGraph.get() == 4);

        ProviderException fifth = catchThrowableOfType(
                ProviderException.class,
                () -> mail.send(
                        ACME,
                        new com.salesbooking.providers.mail.MailSender.OutgoingMail(
                                "sp-1", "c@example.com", "s", "t", "<p>h</p>")));
        // another mailbox is not held up
        assertThat(calendar.getEvent(ACME, "sp-2", "ev-x")).isPresent();

        assertThat(fifth.retryable()).isTrue();
        assertThat(fifth.operation()).isEqualTo("sendMail");
        // the failure becomes part of a workflow history: it says what happened without naming the mailbox
        assertThat(fifth.getMessage()).contains("4 requests in flight").doesNotContain("sp-1");
        assertThat(heldAtGraph.get()).isEqualTo(4);
        release.countDown();
        for (Future<?> call : inFlight) {
            call.get(10, TimeUnit.SECONDS);
        }
        // permits are given back: the mailbox takes calls again
        assertThat(calendar.getEvent(ACME, "sp-1", "ev-again")).isPresent();
        assertThat(graph.server.getRequestCount()).isEqualTo(6);
    }
}
