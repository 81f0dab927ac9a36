package com.salesbooking.providers.graph;

import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Graph on loopback: a MockWebServer standing for {@code https://graph.microsoft.com/v1.0}, and a
 * {@link GraphClientFactory} whose requests carry the bearer token {@code token-for-<Entra tenant id>}.
 */
final class GraphFake implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2027-03-20T09:00:00Z"), ZoneOffset.UTC);

    final MockWebServer server = new MockWebServer();

    GraphFake() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    GraphProperties properties(Duration readTimeout, Duration mailboxPermitWait) {
        return new GraphProperties(
                "client-id", "client-secret", url("/v1.0"), null, null, readTimeout, null, mailboxPermitWait, null);
    }

    /** The fake's address by IP, as the server is bound to 127.0.0.1 only. */
    String url(String path) {
        return server.url(path).newBuilder().host("127.0.0.1").build().toString();
    }

    GraphClientFactory clients() {
        return clients(properties(null, null));
    }

    static GraphClientFactory clients(GraphProperties properties) {
        return new GraphClientFactory(properties, entraTenantId -> bearer("token-for-" + entraTenantId));
    }

    static AuthenticationProvider bearer(String token) {
        return new BaseBearerTokenAuthenticationProvider(new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> additionalContext) {
                return token;
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return new AllowedHostsValidator("127.0.0.1");
            }
        });
    }

    void answer(int code, String json) {
        server.enqueue(json(code, json));
    }

    void answer(int code) {
        server.enqueue(new MockResponse.Builder().code(code).build());
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static String odataError(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    static JsonNode body(RecordedRequest request) {
        return JSON.readTree(request.getBody().utf8());
    }

    @Override
    public void close() {
        server.close();
    }
}
