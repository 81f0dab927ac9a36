package com.salesbooking.local.ops;

import com.salesbooking.local.system.SystemTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ops see of a booking journey, in local mode's configuration (local.yml, as LocalApplication runs it:
 * human-readable logs without the production JSON redaction, so a line that carried an email would show it): the
 * logs carry ids and never the customer's email or a token, and the booking counters on /actuator/prometheus move
 * with the transitions.
 */
@ExtendWith(OutputCaptureExtension.class)
// a test property is in place before the config files are read (a @DynamicPropertySource is not)
@TestPropertySource(properties = "spring.config.name=local")
class LogsAndMetricsSystemTest extends SystemTestSupport {

    @Test
    void aBookingJourneyLogsNoEmailAndNoTokenAndCountsItsTransitions(CapturedOutput output) {
        double holds = counter("booking_holds_placed_total", "");
        double confirmations = counter("booking_confirmations_total", "");
        double customerCancels = counter("booking_cancellations_total", "actor=\"customer\"");

        UUID seller = newSalesperson();
        String email = email("pii-check");
        Instant start = slot(3, 10);
        UUID id = confirmedBooking(seller, start, email);
        String manageToken = tokenFromOutbox(email, "/manage");
        Response cancel =
                post("/v1/public/acme/bookings/" + id + "/cancel", key(), "{\"token\":\"" + manageToken + "\"}");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        // a wrong token and an unknown booking: failure paths log too
        post("/v1/public/acme/confirm", key(), "{\"token\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad\"}");
        get("/v1/public/acme/bookings/" + UUID.randomUUID() + "?token=" + manageToken);

        String logs = output.getAll();
        assertThat(logs).as("the journey wrote log lines").contains(id.toString());
        assertThat(logs)
                .as("no customer email in the logs")
                .doesNotContainIgnoringCase(email)
                .doesNotContain(email.substring(0, email.indexOf('@')));
        assertThat(logs).as("no token in the logs").doesNotContain("eyJ").doesNotContain(manageToken);
        assertThat(logs).as("request lines carry the tenant (local pattern)").contains("[acme");

        assertThat(counter("booking_holds_placed_total", "")).isGreaterThanOrEqualTo(holds + 1);
        assertThat(counter("booking_confirmations_total", "")).isGreaterThanOrEqualTo(confirmations + 1);
        assertThat(counter("booking_cancellations_total", "actor=\"customer\""))
                .isGreaterThanOrEqualTo(customerCancels + 1);
    }

    /**
     * A provider fault during a confirm (Zoom unavailable once, then Outlook refusing the event, then Zoom refusing the
     * compensating delete) is an expected outcome: a retry, a compensation, a 503. Each leaves one line, no stack
     * trace; before, the SDK logged two ~25-line traces at WARN, one saying "Workflow execution failure".
     */
    @Test
    void aProviderFaultDuringAConfirmIsLoggedInOneLineEachWithoutAStackTrace(CapturedOutput output) {
        UUID seller = newSalesperson();
        String email = email("fault-log");
        UUID id = pendingBooking("acme", seller, slot(4, 11), email);
        String token = tokenFromOutbox(email, "/verify");
        // what this scenario logs, not the context's start-up before it
        int before = output.getAll().length();
        faults.inject("zoom", "createMeeting", com.salesbooking.providers.sandbox.SandboxFaults.Mode.TRANSIENT, 1);
        faults.inject("graph", "createEvent", com.salesbooking.providers.sandbox.SandboxFaults.Mode.FAIL, 1);
        faults.inject("zoom", "deleteMeeting", com.salesbooking.providers.sandbox.SandboxFaults.Mode.FAIL, 10);

        Response failed = post("/v1/public/acme/confirm", key(), "{\"token\":\"" + token + "\"}");

        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        String logs = output.getAll().substring(before);
        assertThat(logs).as("the compensation is a business event").contains("booking compensation_recorded " + id);
        assertThat(logs)
                .as("the provider failures are logged")
                .contains("zoom createMeeting failed", "graph createEvent failed");
        assertThat(logs)
                .as("no stack trace:\n" + logs)
                .doesNotContain("\tat ")
                .doesNotContain("Workflow execution failure")
                .doesNotContain("ApplicationFailure:");
    }

    @Test
    void prometheusExposesTheBookingCountersAtZeroAndTheHealthGroups() {
        Response metrics = get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "booking_holds_placed_total",
                        "booking_confirmations_total",
                        "booking_expirations_total",
                        "booking_cancellations_total{",
                        "booking_compensations_recorded_total{",
                        "booking_webhook_jobs_total{",
                        "booking_provider_unseen_creates_total{");
        assertThat(metrics.body())
                .contains("kind=\"delete_zoom_meeting\"", "outcome=\"failed\"", "actor=\"salesperson\"");
        assertThat(metrics.body())
                .as("the confirm saga's timer, with a few buckets")
                .contains("booking_confirm_duration_seconds_bucket{")
                .contains("outcome=\"provider_unavailable\"");
        assertThat(metrics.body()).as("no tag that says nothing").doesNotContain("=\"none\"");
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        Response readiness = get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
    }

    @Test
    void localModeServesTheSwaggerUiAndTheDocument() {
        assertThat(get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(get("/v3/api-docs").status()).isEqualTo(200);
    }

    /** The value of a counter series on /actuator/prometheus (0 when absent), summed over matching series. */
    private double counter(String name, String labelFragment) {
        String body = get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+([0-9.eE+-]+)$")
                .matcher(body);
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelFragment)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
