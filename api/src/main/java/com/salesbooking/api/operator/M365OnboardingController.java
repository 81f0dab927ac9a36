package com.salesbooking.api.operator;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.token.TokenService;
import com.salesbooking.store.admin.AdminAudit;
import com.salesbooking.store.admin.TenantAdmin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Microsoft 365 onboarding: the operator fetches the admin-consent link of the multi-tenant Entra app for a tenant
 * and hands it to the customer's Global Administrator; Microsoft sends them back to the public callback with the
 * Entra tenant id, which becomes the tenant's {@code m365_tenant_id}. The {@code state} is a signed token (the
 * booking tokens' keys, audience {@value #AUDIENCE}) naming our tenant and a one-time id stored on the tenant, so a
 * forged or replayed callback changes nothing.
 */
@RestController
public class M365OnboardingController {

    static final String AUDIENCE = "m365-consent";
    /** Long enough for a Global Administrator to be found and sign in; short enough not to lie around in mailboxes. */
    static final Duration STATE_LIFETIME = Duration.ofDays(7);

    static final String CALLBACK = "/v1/onboarding/m365/callback";

    private final OperatorAuth auth;
    private final TenantAdmin tenants;
    private final AdminAudit audit;
    private final TokenService tokens;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String clientId;
    private final String authorityHost;
    private final String callbackUrl;

    M365OnboardingController(
            OperatorAuth auth,
            TenantAdmin tenants,
            AdminAudit audit,
            TokenService tokens,
            TransactionTemplate tx,
            Clock clock,
            BookingProperties properties,
            @Value("${booking.graph.client-id:}") String clientId,
            @Value("${booking.graph.authority-host:https://login.microsoftonline.com/}") String authorityHost) {
        this.auth = auth;
        this.tenants = tenants;
        this.audit = audit;
        this.tokens = tokens;
        this.tx = tx;
        this.clock = clock;
        // local mode has no Entra app: the link is well-formed but points at a placeholder client id
        this.clientId = clientId == null || clientId.isBlank() ? "00000000-0000-0000-0000-000000000000" : clientId;
        this.authorityHost = authorityHost.endsWith("/") ? authorityHost : authorityHost + "/";
        this.callbackUrl = stripSlash(properties.webhookBaseUrl()) + CALLBACK;
    }

    public record ConsentUrl(UUID tenantId, String consentUrl, String redirectUri, String expiresAt) {}

    @GetMapping("/v1/internal/tenants/{tenantId}/m365-consent-url")
    ConsentUrl consentUrl(
            @PathVariable String tenantId,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey) {
        String actor = auth.authenticate(operatorKey, adminKey);
        UUID id = TenantOperatorController.id(tenantId);
        tenants.find(id).orElseThrow(() -> new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant"));
        Instant now = clock.instant();
        Instant expiresAt = now.plus(STATE_LIFETIME);
        String jti = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            tenants.expectConsent(id, jti);
            audit.record(
                    id,
                    AdminAudit.Actor.operator(actor),
                    "tenant.m365_consent_requested",
                    "tenant",
                    id.toString(),
                    now,
                    Map.of());
        });
        String state = tokens.issue(AUDIENCE, id, id, jti, expiresAt);
        String url = UriComponentsBuilder.fromUriString(authorityHost + "organizations/v2.0/adminconsent")
                .queryParam("client_id", clientId)
                .queryParam("scope", "https://graph.microsoft.com/.default")
                .queryParam("redirect_uri", callbackUrl)
                .queryParam("state", state)
                .encode()
                .build()
                .toUriString();
        return new ConsentUrl(id, url, callbackUrl, expiresAt.toString());
    }

    /** Where Microsoft sends the Global Administrator back: public, answers a small HTML page. */
    @GetMapping(path = CALLBACK, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> callback(
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "tenant", required = false) String m365Tenant,
            @RequestParam(name = "admin_consent", required = false) String adminConsent,
            @RequestParam(name = "error", required = false) String error) {
        TokenService.TokenClaims claims = null;
        String invalid = null;
        try {
            claims = tokens.verify(state == null ? "" : state, AUDIENCE);
        } catch (TokenService.ExpiredTokenException e) {
            invalid = "This consent link has expired";
        } catch (TokenService.InvalidTokenException | IllegalArgumentException e) {
            invalid = "This consent link is not valid";
        }
        Instant now = clock.instant();
        if (error != null && !error.isBlank()) {
            // a refusal stores nothing; with a valid state the link is used up and the refusal audited
            if (claims != null) {
                UUID refusedTenant = claims.tenantId();
                String jti = claims.jti();
                tx.executeWithoutResult(s -> {
                    tenants.discardConsent(refusedTenant, jti);
                    audit.record(
                            refusedTenant,
                            new AdminAudit.Actor("system", "m365-consent"),
                            "tenant.m365_consent_refused",
                            "tenant",
                            refusedTenant.toString(),
                            now,
                            Map.of("error", "access_denied".equals(error) ? error : "other"));
                });
            }
            if ("access_denied".equals(error)) {
                return page(
                        HttpStatus.OK,
                        "Consent was not granted",
                        "Nothing was connected. An administrator of your Microsoft 365 organization can ask for a new "
                                + "link and accept it to connect calendars.");
            }
            return page(
                    HttpStatus.BAD_REQUEST,
                    "Microsoft 365 reported an error",
                    "Nothing was connected ("
                            + HtmlUtils.htmlEscape(error.length() > 80 ? error.substring(0, 80) : error)
                            + "). Please ask for a new link.");
        }
        if (claims == null) {
            return page(HttpStatus.BAD_REQUEST, invalid, "Ask your provider for a new Microsoft 365 consent link.");
        }
        UUID tenantId = claims.tenantId();
        String jti = claims.jti();
        String entraTenant;
        try {
            entraTenant = m365Tenant == null
                    ? null
                    : Inputs.uuid(m365Tenant.toLowerCase(java.util.Locale.ROOT), "tenant")
                            .toString();
        } catch (ApiException e) {
            entraTenant = null;
        }
        if (entraTenant == null || !"true".equalsIgnoreCase(adminConsent)) {
            return page(
                    HttpStatus.BAD_REQUEST,
                    "The answer from Microsoft 365 is incomplete",
                    "Nothing was connected. Please open the consent link again.");
        }
        String m365TenantId = entraTenant;
        boolean done = Boolean.TRUE.equals(tx.execute(s -> {
            if (!tenants.completeConsent(tenantId, jti, m365TenantId)) {
                return false;
            }
            audit.record(
                    tenantId,
                    new AdminAudit.Actor("system", "m365-consent"),
                    "tenant.m365_connected",
                    "tenant",
                    tenantId.toString(),
                    now,
                    Map.of("m365_tenant_id", m365TenantId));
            return true;
        }));
        if (!done) {
            return page(
                    HttpStatus.BAD_REQUEST,
                    "This consent link was used already",
                    "Ask your provider for a new Microsoft 365 consent link if calendars are not connected yet.");
        }
        return page(
                HttpStatus.OK,
                "Microsoft 365 is connected",
                "Calendars of your organization can now be used for bookings. " + "You can close this page.");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String text) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head>" + "<body><h1>" + title + "</h1><p>" + text + "</p></body></html>";
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_HTML)
                .header("Cache-Control", "no-store")
                .body(html);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
