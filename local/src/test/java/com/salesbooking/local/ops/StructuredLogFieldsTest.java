package com.salesbooking.local.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.salesbooking.platform.metrics.StructuredLogFields;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonWriter;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The production JSON log line: bookingId derived from the Temporal MDC, emails and JWTs redacted. */
class StructuredLogFieldsTest {

    private final JsonWriter<ILoggingEvent> writer = JsonWriter.of(members -> {
        members.add("message", ILoggingEvent::getFormattedMessage);
        members.addMapEntries(ILoggingEvent::getMDCPropertyMap);
        new StructuredLogFields().customize(members);
    });

    private static ILoggingEvent event(String message, Map<String, String> mdc) {
        Logger logger = new LoggerContext().getLogger("test");
        LoggingEvent event = new LoggingEvent("test", logger, Level.INFO, message, null, null);
        event.setMDCPropertyMap(mdc);
        return event;
    }

    @Test
    void activityLinesGetTheBookingIdOfTheirWorkflow() {
        String json = writer.writeToString(event("confirmed", Map.of("WorkflowId", "booking-3f0c")));
        assertThat(json).contains("\"bookingId\":\"3f0c\"");
    }

    @Test
    void linesWithTheirOwnBookingIdOrAnotherWorkflowAreLeftAlone() {
        assertThat(writer.writeToString(event("x", Map.of("WorkflowId", "booking-1", "bookingId", "2"))))
                .contains("\"bookingId\":\"2\"")
                .doesNotContain("\"bookingId\":\"1\"");
        assertThat(writer.writeToString(event("x", Map.of("WorkflowId", "hold-sweeper"))))
                .doesNotContain("bookingId");
    }

    @Test
    void emailsAndJwtsAreRedactedFromEveryValue() {
        String json = writer.writeToString(event(
                "mail to Pat.Doe+x@example.co.uk failed, token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_1",
                Map.of("note", "from ops@example.com")));
        assertThat(json).doesNotContain("@example").doesNotContain("eyJ").contains("[email]", "[token]");
    }

    @Test
    void ordinaryTextIsUntouched() {
        assertThat(StructuredLogFields.redact("hold placed booking=3f0c tenant=a000"))
                .isEqualTo("hold placed booking=3f0c tenant=a000");
    }
}
