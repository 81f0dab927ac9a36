package com.salesbooking.api.availability;

import com.salesbooking.api.error.ProblemHandler;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.store.availability.LiveBookings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static com.salesbooking.api.availability.TestDatabase.ANNA_BERLIN;
import static com.salesbooking.api.availability.TestDatabase.CARLA_GLOBEX;
import static com.salesbooking.api.availability.TestDatabase.NICK_NEW_YORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of the availability endpoint: a standalone MockMvc with the real problem handler, the
 * real tenant lookup on the embedded PostgreSQL and the app's snake_case JSON naming; Graph is a fake.
 */
class AvailabilityControllerTest {

    // the month before the DST change, so the whole of 2027-03-28 is bookable
    static final Clock EARLY_MARCH = Clock.fixed(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC);
    static final String ANNA = ANNA_BERLIN.toString();

    static TestDatabase db;

    FakeCalendar calendar;
    MockMvc mvc;

    @BeforeAll
    static void database() {
        db = TestDatabase.create(2);
        // Anna works across the night the clocks go forward, and normal office hours
        db.jdbc
                .sql(
                        "UPDATE salespersons SET working_hours = '{\"sun\":[\"00:00-06:00\",\"09:00-17:00\"]}' WHERE id = ?")
                .param(ANNA_BERLIN)
                .update();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void mvc() {
        calendar = new FakeCalendar();
        AvailabilityService service = new AvailabilityService(
                calendar, new LiveBookings(db.jdbc), db.directory, EARLY_MARCH, AvailabilityProperties.defaults());
        AvailabilityController controller = new AvailabilityController(service);
        mvc = MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(new ProblemHandler())
                // as spring.jackson.property-naming-strategy=SNAKE_CASE configures the app
                .setMessageConverters(new JacksonJsonHttpMessageConverter(
                        JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)))
                .build();
    }

    /** @param salesperson the parameter's value, null to leave it out; likewise {@code date} */
    ResultActions availability(String slug, Object salesperson, String date) throws Exception {
        MockHttpServletRequestBuilder request =
                get("/v1/public/{slug}/availability", slug).accept(MediaType.APPLICATION_JSON);
        if (salesperson != null) {
            request.param("salesperson", salesperson.toString());
        }
        if (date != null) {
            request.param("date", date);
        }
        return mvc.perform(request);
    }

    @Test
    void slotsComeInUtcAndInTheSalespersonsLocalTimeOnTheDayTheClocksGoForward() throws Exception {
        availability("acme", ANNA, "2027-03-28")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.date").value("2027-03-28"))
                .andExpect(jsonPath("$.timezone").value("Europe/Berlin"))
                .andExpect(jsonPath("$.slots", hasSize(12)))
                .andExpect(jsonPath("$.slots[0].start_at").value("2027-03-27T23:00:00Z"))
                .andExpect(jsonPath("$.slots[0].end_at").value("2027-03-28T00:00:00Z"))
                .andExpect(jsonPath("$.slots[0].start_local").value("2027-03-28T00:00:00+01:00"))
                .andExpect(jsonPath("$.slots[0].end_local").value("2027-03-28T01:00:00+01:00"))
                .andExpect(jsonPath("$.slots[1].start_at").value("2027-03-28T01:00:00Z"))
                .andExpect(jsonPath("$.slots[1].start_local").value("2027-03-28T03:00:00+02:00"))
                .andExpect(jsonPath("$.slots[5].start_at").value("2027-03-28T08:00:00Z"))
                .andExpect(jsonPath("$.slots[5].start_local").value("2027-03-28T10:00:00+02:00"))
                .andExpect(jsonPath("$.slots[5].end_local").value("2027-03-28T11:00:00+02:00"))
                .andExpect(jsonPath("$.slots[0].startAt").doesNotExist());
    }

    @Test
    void aDateInThePastIsOkWithNoSlots() throws Exception {
        availability("acme", ANNA, "2027-02-28")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.date").value("2027-02-28"))
                .andExpect(jsonPath("$.slots", hasSize(0)));
        assertThat(calendar.busyCalls())
                .as("Graph is not asked for a day without slots")
                .isZero();
    }

    @Test
    void aDateBeyondTheMaximumAdvanceIsOkWithNoSlots() throws Exception {
        availability("acme", NICK_NEW_YORK, "2027-05-03")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.timezone").value("America/New_York"))
                .andExpect(jsonPath("$.slots", hasSize(0)));
        assertThat(calendar.busyCalls())
                .as("Graph is not asked for a day without slots")
                .isZero();
    }

    @Test
    void aMissingSalespersonIsInvalidRequestNamingTheParameter() throws Exception {
        expectInvalid(availability("acme", null, "2027-03-28"), "salesperson");
        expectInvalid(availability("acme", "", "2027-03-28"), "salesperson")
                .andExpect(jsonPath("$.detail").value(containsString("is required")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna", "1-1-1-1-1", "a0000000-0000-4000-8000-00000000010", " "})
    void aMalformedSalespersonIsInvalidRequestNamingTheParameter(String salesperson) throws Exception {
        expectInvalid(availability("acme", salesperson, "2027-03-28"), "salesperson");
    }

    @Test
    void aMissingDateIsInvalidRequestNamingTheParameter() throws Exception {
        expectInvalid(availability("acme", ANNA, null), "date");
        expectInvalid(availability("acme", ANNA, ""), "date")
                .andExpect(jsonPath("$.detail").value(containsString("is required")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2027-3-28",
                "2027-02-30",
                "28.03.2027",
                "2027-03-28T10:00:00Z",
                "+2027-03-28",
                "+12027-03-28",
                "tomorrow"
            })
    void aMalformedDateIsInvalidRequestNamingTheParameter(String date) throws Exception {
        expectInvalid(availability("acme", ANNA, date), "date");
    }

    @Test
    void badParametersAre400EvenUnderAnUnknownTenant() throws Exception {
        expectInvalid(availability("no-such-tenant", ANNA, null), "date");
    }

    @Test
    void anUnknownTenantIs404TenantNotFound() throws Exception {
        expectProblem(availability("no-such-tenant", ANNA, "2027-03-28"), 404, "tenant_not_found");
    }

    @Test
    void anUnknownSalespersonIs404SalespersonNotFound() throws Exception {
        expectProblem(availability("acme", UUID.randomUUID(), "2027-03-28"), 404, "salesperson_not_found");
    }

    @Test
    void anotherTenantsSalespersonIs404SalespersonNotFound() throws Exception {
        expectProblem(availability("acme", CARLA_GLOBEX, "2027-03-28"), 404, "salesperson_not_found");
    }

    @Test
    void anInactiveSalespersonIs404SalespersonNotFound() throws Exception {
        UUID retired = UUID.randomUUID();
        db.jdbc
                .sql("""
                        INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, timezone, active)
                        VALUES (?, ?, ?, 'Retired Rep', 'Europe/Berlin', false)
                        """)
                .param(retired)
                .param(TestDatabase.ACME)
                .param("retired-" + retired)
                .update();

        expectProblem(availability("acme", retired, "2027-03-29"), 404, "salesperson_not_found");
    }

    @Test
    void aGraphFailureIs503ProviderUnavailableAndTheNextRequestAsksGraphAgain() throws Exception {
        calendar.failNextCall(ProviderException.retryable("graph", "busyTimes", "HTTP 503 from Graph"));

        expectProblem(availability("acme", ANNA, "2027-03-28"), 503, "provider_unavailable");
        availability("acme", ANNA, "2027-03-28").andExpect(status().isOk()).andExpect(jsonPath("$.slots", hasSize(12)));
        assertThat(calendar.busyCalls()).isEqualTo(2);
    }

    @Test
    void aThrottledGraphCallTellsTheClientWhenToRetry() throws Exception {
        calendar.failNextCall(new ProviderException(
                "graph", "busyTimes", ProviderException.Kind.RETRYABLE, 429, Duration.ofSeconds(7), "throttled", null));

        expectProblem(availability("acme", ANNA, "2027-03-28"), 503, "provider_unavailable")
                .andExpect(header().string("Retry-After", "7"));
    }

    private static ResultActions expectInvalid(ResultActions result, String field) throws Exception {
        return expectProblem(result, 400, "invalid_request")
                .andExpect(jsonPath("$.field").value(field));
    }

    private static ResultActions expectProblem(ResultActions result, int status, String code) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }
}
