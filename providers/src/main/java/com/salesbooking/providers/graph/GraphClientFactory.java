package com.salesbooking.providers.graph;

import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * One {@link GraphServiceClient} per Microsoft Entra tenant, created on first use and cached: each holds a
 * {@link ClientSecretCredential} for that tenant (authority host from configuration, so national clouds work),
 * whose token cache spares a token request per call. All clients share one OkHttp connection pool.
 *
 * <p>The SDK's retry middleware is switched off: every Graph call is one attempt, and Temporal retries the
 * activity according to our classification of the failure.
 */
public final class GraphClientFactory {

    private final String baseUrl;
    private final Function<String, AuthenticationProvider> authenticationForTenant;
    private final OkHttpClient http;
    private final ConcurrentMap<String, GraphServiceClient> clients = new ConcurrentHashMap<>();

    /**
     * @param authenticationForTenant the authentication of requests into one Entra tenant (by its id); tests
     *                                pass a fixed bearer token
     */
    public GraphClientFactory(
            GraphProperties properties, Function<String, AuthenticationProvider> authenticationForTenant) {
        this.baseUrl = properties.baseUrl();
        this.authenticationForTenant = authenticationForTenant;
        this.http = httpClient(properties);
    }

    /** Production: the app's client secret, a token per Entra tenant from {@code authorityHost}. */
    public static GraphClientFactory withClientSecret(GraphProperties properties) {
        return withClientSecret(properties, null);
    }

    /**
     * @param tokenHttpClient the transport azure-identity uses to reach the authority (a proxy, a test
     *                        fake); null for azure-core's default
     */
    public static GraphClientFactory withClientSecret(GraphProperties properties, HttpClient tokenHttpClient) {
        properties.requireCredentials();
        HttpUrl graph = HttpUrl.get(properties.baseUrl());
        // the app's permissions on this Graph cloud, e.g. https://graph.microsoft.com/.default
        String scope = graph.newBuilder().encodedPath("/").build() + ".default";
        String[] allowedHosts = {graph.host()};
        return new GraphClientFactory(properties, entraTenantId -> {
            ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                    .tenantId(entraTenantId)
                    .clientId(properties.clientId())
                    .clientSecret(properties.clientSecret())
                    .authorityHost(properties.authorityHost());
            if (tokenHttpClient != null) {
                builder.httpClient(tokenHttpClient);
            }
            return new AzureIdentityAuthenticationProvider(builder.build(), allowedHosts, scope);
        });
    }

    /**
     * The client for the tenant's Entra tenant.
     *
     * @throws ProviderException non-retryable, naming the tenant slug, when the tenant has no Entra tenant id
     *                           or an unusable one
     */
    GraphServiceClient client(ProviderTenant tenant, String operation) {
        String entraTenantId = tenant.m365TenantId();
        if (entraTenantId == null || entraTenantId.isBlank()) {
            throw ProviderException.nonRetryable(
                    GraphFailures.PROVIDER,
                    operation,
                    "tenant '" + tenant.slug() + "' has no Microsoft 365 (Entra) tenant id");
        }
        try {
            return clients.computeIfAbsent(entraTenantId, this::newClient);
        } catch (IllegalArgumentException e) {
            throw ProviderException.nonRetryable(
                    GraphFailures.PROVIDER,
                    operation,
                    "cannot authenticate tenant '" + tenant.slug() + "' (Entra tenant " + entraTenantId + "): "
                            + e.getMessage());
        }
    }

    private GraphServiceClient newClient(String entraTenantId) {
        GraphServiceClient client = new GraphServiceClient(authenticationForTenant.apply(entraTenantId), http);
        client.getRequestAdapter().setBaseUrl(baseUrl);
        return client;
    }

    private static OkHttpClient httpClient(GraphProperties properties) {
        RetryHandlerOption noRetries = new RetryHandlerOption((delay, attempt, request, response) -> false, 0, 0);
        return com.microsoft.graph.core.requests.GraphClientFactory.create(new RequestOption[] {noRetries})
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                .callTimeout(properties.callTimeout())
                // one attempt per call: Temporal decides about retries, with the classification we report
                .retryOnConnectionFailure(false)
                .build();
    }
}
