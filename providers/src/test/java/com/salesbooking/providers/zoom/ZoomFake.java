package com.salesbooking.providers.zoom;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Zoom on loopback: the token endpoint at {@code /oauth/token} (issues token-1, token-2, ... unless a
 * response was queued) and the API under {@code /v2} (answers queued responses, in order).
 */
final class ZoomFake implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final MockWebServer server = new MockWebServer();
    final BlockingQueue<MockResponse> tokenAnswers = new LinkedBlockingQueue<>();
    final BlockingQueue<MockResponse> apiAnswers = new LinkedBlockingQueue<>();
    final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
    final List<RecordedRequest> apiRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    /** While set, the token endpoint holds its answer until the latch opens. */
    volatile CountDownLatch tokenGate;

    ZoomFake() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().equals("/oauth/token")) {
                    tokenRequests.add(request);
                    CountDownLatch gate = tokenGate;
                    if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                        return new MockResponse.Builder()
                                .code(599)
                                .body("gate never opened")
                                .build();
                    }
                    MockResponse queued = tokenAnswers.poll();
                    return queued != null
                            ? queued
                            : json(
                                    200,
                                    "{\"access_token\":\"token-" + issued.incrementAndGet()
                                            + "\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"meeting:write\"}");
                }
                apiRequests.add(request);
                MockResponse queued = apiAnswers.poll();
                return queued != null
                        ? queued
                        : new MockResponse.Builder()
                                .code(599)
                                .body("no answer queued")
                                .build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    ZoomProperties properties(String tenantCredentials) {
        return new ZoomProperties(
                baseUrl(),
                tokenUrl(),
                "default-account",
                "default-client",
                "default-secret",
                tenantCredentials,
                null,
                null,
                null,
                null);
    }

    String baseUrl() {
        return url("/v2");
    }

    String tokenUrl() {
        return url("/oauth/token");
    }

    /** The fake's address by IP, as the server is bound to 127.0.0.1 only. */
    String url(String path) {
        return server.url(path).newBuilder().host("127.0.0.1").build().toString();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    static JsonNode body(RecordedRequest request) {
        return JSON.readTree(request.getBody().utf8());
    }

    @Override
    public void close() {
        CountDownLatch gate = tokenGate;
        if (gate != null) {
            gate.countDown();
        }
        server.close();
    }
}
