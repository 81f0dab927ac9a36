package com.salesbooking.api.availability;

import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The availability settings as Spring binds them at start-up: a light context with only the availability
 * configuration and service (no database is touched while starting).
 */
class AvailabilityPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(AvailabilityConfiguration.class)
            .withBean(CalendarProvider.class, FakeCalendar::new)
            // never connects: the service reads the database only when asked for a day
            .withBean(
                    JdbcClient.class,
                    () -> JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://unused/none")))
            .withBean(LiveBookings.class)
            .withBean(TenantDirectory.class)
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(AvailabilityService.class);

    @Test
    void theBusyCacheTtlDefaultsTo45Seconds() {
        context.run(app -> {
            assertThat(app).hasNotFailed().hasSingleBean(AvailabilityService.class);
            assertThat(app.getBean(AvailabilityProperties.class).busyCacheTtl()).isEqualTo(Duration.ofSeconds(45));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT30S", "PT60S", "PT1M", "PT37S"})
    void aBusyCacheTtlFrom30To60SecondsIsAccepted(String ttl) {
        context.withPropertyValues("booking.availability.busy-cache-ttl=" + ttl).run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(AvailabilityProperties.class).busyCacheTtl()).isEqualTo(Duration.parse(ttl));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT29S", "PT61S", "PT10M", "PT0S", "-PT45S"})
    void aBusyCacheTtlOutside30To60SecondsStopsTheStartNamingTheSettingAndItsVariable(String ttl) {
        context.withPropertyValues("booking.availability.busy-cache-ttl=" + ttl).run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("booking.availability.busy-cache-ttl")
                    .hasMessageContaining("BOOKING_AVAILABILITY_CACHE_TTL")
                    .hasMessageContaining("between PT30S and PT60S");
        });
    }
}
