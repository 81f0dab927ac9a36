package com.salesbooking.providers.graph;

import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ApiExceptionBuilder;
import com.microsoft.kiota.ResponseHeaders;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.ProviderTenant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graph's failure classification on the exceptions the SDKs throw, one rule at a time: which are retried, after how
 * long, and what the message (which reaches logs and workflow histories) says.
 */
class GraphFailureRulesTest {

    private static final ProviderTenant ACME = new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme");
    private static final Instant NOW = Instant.parse("2027-03-28T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static ProviderException classify(RuntimeException failure) {
        return GraphFailures.classify("createEvent", ACME, failure, CLOCK);
    }

    private static ApiException answer(int status, String retryAfter) {
        ResponseHeaders headers = new ResponseHeaders();
        if (retryAfter != null) {
            headers.add("Retry-After", retryAfter);
        }
        return new ApiExceptionBuilder()
                .withMessage("Graph answered " + status)
                .withResponseStatusCode(status)
                .withResponseHeaders(headers)
                .build();
    }

    @Test
    void aProviderExceptionPassesThroughUnchanged() {
        ProviderException already = ProviderException.retryable("graph", "createEvent", "classified before");
        assertThat(classify(already)).isSameAs(already);
    }

    @Test
    void throttlingIsRetryableAfterRetryAfterInSecondsOrAsAnHttpDate() {
        ProviderException seconds = classify(answer(429, "30"));
        ProviderException date = classify(answer(503, "Sun, 28 Mar 2027 20:02:00 GMT"));

        assertThat(seconds.retryable()).isTrue();
        assertThat(seconds.httpStatus()).isEqualTo(429);
        assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(date.retryable()).isTrue();
        assertThat(date.retryAfter()).contains(Duration.ofMinutes(2));
        assertThat(seconds.getMessage()).contains("tenant 'acme': Graph answered 429");
    }

    @Test
    void aRetryAfterInThePastMeansAtOnceAndAnEmptyOrUnreadableOneMeansTemporalsBackOff() {
        assertThat(classify(answer(503, "Sun, 28 Mar 2027 19:00:00 GMT")).retryAfter())
                .contains(Duration.ZERO);
        assertThat(classify(answer(503, "")).retryAfter()).isEmpty();
        assertThat(classify(answer(503, "soon")).retryAfter()).isEmpty();
        assertThat(classify(answer(503, null)).retryAfter()).isEmpty();
        assertThat(GraphFailures.retryAfter(null, CLOCK)).isNull();
        ResponseHeaders named = new ResponseHeaders();
        named.put("Retry-After", new java.util.HashSet<>());
        assertThat(GraphFailures.retryAfter(named, CLOCK)).isNull();
    }

    @Test
    void aClientErrorIsFinalAndCarriesNoRetryAfter() {
        ProviderException failure = classify(answer(499, "30"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isEqualTo(499);
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void anApiExceptionWithoutAnAnswerIsFinalAndNamedByItsType() {
        ProviderException failure = classify(new ApiException("no response"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.getMessage()).contains("tenant 'acme': ApiException: no response");
    }

    @Test
    void anODataErrorGivesGraphsCodeAndMessageWithEmailAddressesMasked() {
        ODataError odata = new ODataError();
        MainError error = new MainError();
        error.setCode("ErrorInvalidRecipients");
        error.setMessage("Recipient 'ann.lee@example.com' is not resolved");
        odata.setError(error);
        ApiException thrown =
                new ApiExceptionBuilder(() -> odata).withResponseStatusCode(400).build();

        ProviderException failure = classify(thrown);

        assertThat(failure.getMessage())
                .contains("tenant 'acme': ErrorInvalidRecipients: Recipient '<email>' is not resolved")
                .doesNotContain("example.com");
    }

    @Test
    void anODataErrorWithoutErrorIsStillClassified() {
        ODataError odata = new ODataError();
        ApiException thrown =
                new ApiExceptionBuilder(() -> odata).withResponseStatusCode(404).build();

        assertThat(classify(thrown).getMessage()).endsWith("tenant 'acme': no OData error in the answer");
        assertThat(classify(thrown).retryable()).isFalse();
    }

    @Test
    void anIoFailureAnywhereInTheCausesIsRetryableAndNamedWithItsMessage() {
        ProviderException timeout = classify(new IllegalStateException(
                "wrapped", new UncheckedIOException(new SocketTimeoutException("read timed out"))));
        ProviderException silent = classify(new UncheckedIOException(new IOException()));

        assertThat(timeout.retryable()).isTrue();
        assertThat(timeout.httpStatus()).isZero();
        assertThat(timeout.getMessage()).contains("tenant 'acme': SocketTimeoutException (read timed out)");
        assertThat(silent.retryable()).isTrue();
        assertThat(silent.getMessage()).endsWith("tenant 'acme': IOException");
    }

    @Test
    void aTokenRefusedByEntraIsFinalAndNamesTheEntraTenant() {
        ProviderException failure =
                classify(new ClientAuthenticationException("invalid client secret\nat line 2", null));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.getMessage())
                .contains("Microsoft Entra ID did not issue a Graph token for tenant 'acme' (Entra tenant entra-acme)")
                .endsWith(": invalid client secret");
    }

    @Test
    void anMsalRefusalWithoutHttpStatusIsFinal() {
        ProviderException failure = classify(
                new IllegalStateException("token", new MsalServiceException("AADSTS7000215", "invalid_client")));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.getMessage()).contains("(Entra tenant entra-acme)");
    }

    @Test
    void anyOtherFailureIsFinalWithItsFirstLineShortenedAndMasked() {
        String longLine = "x".repeat(301);
        ProviderException multiLine =
                classify(new IllegalArgumentException("bad value from bob@example.org\nsecond line"));
        ProviderException exactly300 = classify(new IllegalArgumentException("y".repeat(300)));
        ProviderException tooLong = classify(new IllegalArgumentException(longLine));
        ProviderException startsWithNewline = classify(new IllegalArgumentException("\nhidden"));
        ProviderException noMessage = classify(new IllegalArgumentException());

        assertThat(multiLine.retryable()).isFalse();
        assertThat(multiLine.getMessage()).endsWith("tenant 'acme': IllegalArgumentException: bad value from <email>");
        assertThat(exactly300.getMessage()).endsWith(": " + "y".repeat(300));
        assertThat(tooLong.getMessage()).endsWith(": " + "x".repeat(300) + "...");
        assertThat(startsWithNewline.getMessage()).endsWith("IllegalArgumentException: ");
        assertThat(noMessage.getMessage()).endsWith("IllegalArgumentException: IllegalArgumentException");
    }

    @Test
    void redactingNothingGivesNothing() {
        assertThat(GraphFailures.redact(null)).isNull();
    }
}
