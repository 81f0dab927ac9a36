package com.salesbooking.providers.zoom;

import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the Zoom app of a tenant: its own entry in {@code booking.zoom.tenant-credentials} when there is
 * one, else the default app. The JSON is parsed once, at start-up, so a malformed value stops the
 * application instead of failing bookings later.
 */
final class ZoomCredentialResolver {

    private final ZoomCredentials defaults;
    private final Map<String, ZoomCredentials> perTenant;

    ZoomCredentialResolver(ZoomProperties properties, JsonMapper json) {
        this.defaults = new ZoomCredentials(properties.accountId(), properties.clientId(), properties.clientSecret());
        this.perTenant = parse(properties.tenantCredentials(), json);
    }

    /**
     * @throws ProviderException non-retryable, naming the tenant slug, when neither the tenant nor the
     *                           default app has complete credentials
     */
    ZoomCredentials forTenant(ProviderTenant tenant, String operation) {
        return Optional.ofNullable(perTenant.get(tenant.slug()))
                .or(() -> defaults.complete() ? Optional.of(defaults) : Optional.empty())
                .orElseThrow(() -> ProviderException.nonRetryable(
                        ZoomMeetingProvider.PROVIDER,
                        operation,
                        "no Zoom credentials for tenant '" + tenant.slug() + "': set booking.zoom.account-id/"
                                + "client-id/client-secret or add the tenant to booking.zoom.tenant-credentials"));
    }

    private static Map<String, ZoomCredentials> parse(String text, JsonMapper json) {
        Map<String, ZoomCredentials> result = new HashMap<>();
        if (ZoomProperties.isBlank(text)) {
            return result;
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            // the message would quote the secret-bearing input: say only where the problem is
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new IllegalStateException(
                    "booking.zoom.tenant-credentials (ZOOM_TENANT_CREDENTIALS) is not valid " + "JSON" + where);
        }
        if (!root.isObject()) {
            throw new IllegalStateException("booking.zoom.tenant-credentials (ZOOM_TENANT_CREDENTIALS) must be a JSON "
                    + "object keyed by tenant slug");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode node = entry.getValue();
            ZoomCredentials credentials = new ZoomCredentials(
                    node.path("account_id").asString(""),
                    node.path("client_id").asString(""),
                    node.path("client_secret").asString(""));
            if (!credentials.complete()) {
                throw new IllegalStateException("booking.zoom.tenant-credentials (ZOOM_TENANT_CREDENTIALS): tenant '"
                        + entry.getKey() + "' needs account_id, client_id and client_secret");
            }
            result.put(entry.getKey(), credentials);
        }
        return Map.copyOf(result);
    }
}
