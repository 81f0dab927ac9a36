package com.salesbooking.providers.graph;

import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ResponseHeaders;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies Graph failures for Temporal: 429, 5xx (503/504 included), time-outs and broken connections
 * may succeed later; every other answer will not. Graph's {@code Retry-After} becomes
 * {@link ProviderException#retryAfter()}.
 */
final class GraphFailures {

    static final String PROVIDER = "graph";
    // Graph's messages may quote a recipient ("Recipient 'x@y' is not resolved"); failures end up in logs and
    // workflow histories, which carry no customer email
    private static final Pattern EMAIL = Pattern.compile("[\\w.%+-]+@[\\w-]+(\\.[\\w-]+)+");

    private GraphFailures() {}

    static ProviderException classify(String operation, ProviderTenant tenant, RuntimeException failure, Clock clock) {
        if (failure instanceof ProviderException provider) {
            return provider;
        }
        String context = "tenant '" + tenant.slug() + "'";
        if (failure instanceof ApiException api && api.getResponseStatusCode() > 0) {
            int status = api.getResponseStatusCode();
            String detail = context + ": " + describe(api);
            // no cause: the SDK's exception repeats Graph's message unmasked, and this one says all it knew
            if (status == 429 || status >= 500) {
                return new ProviderException(
                        PROVIDER,
                        operation,
                        ProviderException.Kind.RETRYABLE,
                        status,
                        retryAfter(api.getResponseHeaders(), clock),
                        detail,
                        null);
            }
            return new ProviderException(
                    PROVIDER, operation, ProviderException.Kind.NON_RETRYABLE, status, null, detail, null);
        }
        IOException io = find(failure, IOException.class);
        if (io != null) {
            return new ProviderException(
                    PROVIDER,
                    operation,
                    ProviderException.Kind.RETRYABLE,
                    0,
                    null,
                    context + ": " + io.getClass().getSimpleName()
                            + (io.getMessage() == null ? "" : " (" + io.getMessage() + ")"),
                    failure);
        }
        ClientAuthenticationException authentication = find(failure, ClientAuthenticationException.class);
        MsalServiceException msal = find(failure, MsalServiceException.class);
        if (authentication != null || msal != null) {
            // MSAL leaves the status null when Entra was not asked (a local refusal such as an invalid authority)
            int status = msal == null || msal.statusCode() == null ? 0 : msal.statusCode();
            boolean transientFailure = status == 429 || status >= 500;
            return new ProviderException(
                    PROVIDER,
                    operation,
                    transientFailure ? ProviderException.Kind.RETRYABLE : ProviderException.Kind.NON_RETRYABLE,
                    status,
                    null,
                    "Microsoft Entra ID did not issue a Graph token for " + context + " (Entra tenant "
                            + tenant.m365TenantId() + "): " + firstLine(failure),
                    failure);
        }
        return new ProviderException(
                PROVIDER,
                operation,
                ProviderException.Kind.NON_RETRYABLE,
                0,
                null,
                context + ": " + failure.getClass().getSimpleName() + ": " + firstLine(failure),
                failure);
    }

    /** Graph's error code and message when it sent an OData error, else the exception's message. */
    private static String describe(ApiException api) {
        if (api instanceof ODataError odata) {
            // an ODataError's own getMessage() reads its error and throws without one (an answer that was no OData)
            return odata.getError() == null
                    ? "no OData error in the answer"
                    : odata.getError().getCode() + ": "
                            + redact(odata.getError().getMessage());
        }
        return firstLine(api);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(ResponseHeaders headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        Set<String> values = headers.get("Retry-After");
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.iterator().next().trim();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration wait = Duration.between(
                    clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeException unreadable) {
            return null;
        }
    }

    static String redact(String text) {
        return text == null ? null : EMAIL.matcher(text).replaceAll("<email>");
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return t.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return redact(line.length() > 300 ? line.substring(0, 300) + "..." : line);
    }
}
