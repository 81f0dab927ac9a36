package com.salesbooking.providers.graph;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The production credential path: azure-identity's ClientSecretCredential per Entra tenant. azure-identity
 * accepts only an https authority host, so the test configures {@code https://login.example.test/} and hands
 * the credential a transport that records each URL it was asked for and delivers the request to a loopback
 * MockWebServer standing for Entra ID.
 */
class GraphClientFactoryTest {

    private static final String AUTHORITY = "https://login.example.test/";
    private static final String ACME_ENTRA = "11111111-1111-1111-1111-111111111111";
    private static final String GLOBEX_ENTRA = "22222222-2222-2222-2222-222222222222";
    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", ACME_ENTRA);
    private static final String EVENT = """
            {"id": "ev", "start": {"dateTime": "2027-03-28T08:00:00", "timeZone": "UTC"},
             "end": {"dateTime": "2027-03-28T09:00:00", "timeZone": "UTC"}}""";

    private final MockWebServer entra = new MockWebServer();
    private final BlockingQueue<MockResponse> tokenAnswers = new LinkedBlockingQueue<>();
    private final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private GraphFake graph;
    private LoopbackTransport transport;

    @BeforeEach
    void start() throws IOException {
        entra.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/common/discovery/instance")) {
                    // MSAL's instance discovery for an authority it does not know
                    return GraphFake.json(200, """
                            {"tenant_discovery_endpoint": "https://login.example.test/common/v2.0/.well-known/openid-configuration",
                             "api-version": "1.1",
                             "metadata": [{"preferred_network": "login.example.test", "preferred_cache": "login.example.test",
                                           "aliases": ["login.example.test"]}]}""");
                }
                tokenRequests.add(request);
                MockResponse queued = tokenAnswers.poll();
                return queued != null ? queued : GraphFake.json(200, """
                        {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                         "access_token": "entra-token-%d"}""".formatted(tokenRequests.size()));
            }
        });
        entra.start(InetAddress.getByName("127.0.0.1"), 0);
        graph = new GraphFake();
        transport = new LoopbackTransport(entra.getPort());
    }

    @AfterEach
    void stop() {
        graph.close();
        entra.close();
    }

    private GraphProperties properties() {
        return new GraphProperties(
                "app-client-id", "app-client-secret", graph.url("/v1.0"), AUTHORITY, null, null, null, null, null);
    }

    private GraphCalendarProvider calendar(GraphClientFactory clients) {
        return new GraphCalendarProvider(clients, new MailboxLimiter(4, Duration.ofSeconds(5)), GraphFake.CLOCK);
    }

    @Test
    void clientSecretCredentialAsksTheConfiguredAuthorityForTheTenantOnceAndGraphGetsItsToken()
            throws InterruptedException {
        GraphCalendarProvider calendar = calendar(GraphClientFactory.withClientSecret(properties(), transport));
        graph.answer(200, EVENT);
        graph.answer(200, EVENT);

        calendar.getEvent(ACME, "sp-1", "ev-1");
        calendar.getEvent(ACME, "sp-1", "ev-2");

        assertThat(transport.requested)
                .extracting(URL::toString)
                .contains("https://login.example.test/" + ACME_ENTRA + "/oauth2/v2.0/token");
        assertThat(tokenRequests).hasSize(1);
        RecordedRequest token = tokenRequests.get(0);
        assertThat(token.getMethod()).isEqualTo("POST");
        assertThat(token.getUrl().encodedPath()).isEqualTo("/" + ACME_ENTRA + "/oauth2/v2.0/token");
        HttpUrl form = HttpUrl.get("http://form.invalid/?" + token.getBody().utf8());
        assertThat(form.queryParameter("grant_type")).isEqualTo("client_credentials");
        assertThat(form.queryParameter("client_id")).isEqualTo("app-client-id");
        assertThat(form.queryParameter("client_secret")).isEqualTo("app-client-secret");
        // the app's permissions on the configured Graph host (here the loopback fake)
        assertThat(form.queryParameter("scope").split(" ")).contains(graph.url("/") + ".default");
        assertThat(graph.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer entra-token-1");
        assertThat(graph.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer entra-token-1");
    }

    @Test
    void eachEntraTenantGetsItsOwnClientAndToken() throws InterruptedException {
        GraphClientFactory clients = GraphClientFactory.withClientSecret(properties(), transport);
        GraphCalendarProvider calendar = calendar(clients);
        graph.answer(200, EVENT);
        graph.answer(200, EVENT);
        ProviderTenant globex = new ProviderTenant(UUID.randomUUID(), "globex", GLOBEX_ENTRA);

        calendar.getEvent(ACME, "sp-1", "ev-1");
        calendar.getEvent(globex, "sp-9", "ev-9");

        assertThat(tokenRequests)
                .extracting(r -> r.getUrl().encodedPath())
                .containsExactly("/" + ACME_ENTRA + "/oauth2/v2.0/token", "/" + GLOBEX_ENTRA + "/oauth2/v2.0/token");
        assertThat(graph.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer entra-token-1");
        assertThat(graph.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer entra-token-2");
        ProviderTenant acmeAgain = new ProviderTenant(UUID.randomUUID(), "acme-eu", ACME_ENTRA);
        assertThat(clients.client(acmeAgain, "test")).isSameAs(clients.client(ACME, "test"));
        assertThat(clients.client(globex, "test")).isNotSameAs(clients.client(ACME, "test"));
    }

    @Test
    void rejectedAppCredentialsAreNotRetryableAndNameTheTenant() {
        GraphCalendarProvider calendar = calendar(GraphClientFactory.withClientSecret(properties(), transport));
        tokenAnswers.add(GraphFake.json(401, """
                {"error": "invalid_client",
                 "error_description": "AADSTS7000215: Invalid client secret provided.",
                 "error_codes": [7000215]}"""));

        ProviderException failure =
                catchThrowableOfType(ProviderException.class, () -> calendar.getEvent(ACME, "sp-1", "ev-1"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'acme'", ACME_ENTRA).doesNotContain("app-client-secret");
        assertThat(graph.server.getRequestCount()).isZero();
    }

    @Test
    void anInvalidEntraTenantIdIsNotRetryableAndNamesTheTenant() {
        GraphCalendarProvider calendar = calendar(GraphClientFactory.withClientSecret(properties(), transport));

        ProviderException failure = catchThrowableOfType(
                ProviderException.class,
                () -> calendar.getEvent(
                        new ProviderTenant(UUID.randomUUID(), "initech", "not a tenant/id"), "sp-1", "ev-1"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("'initech'");
        assertThat(tokenRequests).isEmpty();
        assertThat(graph.server.getRequestCount()).isZero();
    }

    @Test
    void startingWithoutTheAppCredentialsNamesTheSettingAndItsVariable() {
        assertThatThrownBy(() -> GraphClientFactory.withClientSecret(
                        new GraphProperties(" ", "secret", null, null, null, null, null, null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("booking.graph.client-id (GRAPH_CLIENT_ID) must be set when booking.providers.mode=real");
        assertThatThrownBy(() -> GraphClientFactory.withClientSecret(
                        new GraphProperties("id", "", null, null, null, null, null, null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "booking.graph.client-secret (GRAPH_CLIENT_SECRET) must be set when booking.providers.mode=real");
    }

    @Test
    void propertiesNeverPrintTheSecret() {
        assertThat(properties().toString()).contains("app-client-id").doesNotContain("app-client-secret");
    }

    /** Records the URL azure-identity asked for, then delivers the request to the loopback fake. */
    private static final class LoopbackTransport implements HttpClient {

        final List<URL> requested = new CopyOnWriteArrayList<>();
        private final HttpClient delegate = HttpClient.createDefault();
        private final int port;

        LoopbackTransport(int port) {
            this.port = port;
        }

        private HttpRequest toLoopback(HttpRequest request) {
            URL original = request.getUrl();
            requested.add(original);
            try {
                request.setUrl(new URL("http", "127.0.0.1", port, original.getFile()));
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
            return request;
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            return delegate.send(toLoopback(request));
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request, Context context) {
            return delegate.send(toLoopback(request), context);
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            return delegate.sendSync(toLoopback(request), context);
        }
    }
}
