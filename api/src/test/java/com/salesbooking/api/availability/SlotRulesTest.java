package com.salesbooking.api.availability;

import com.salesbooking.store.tenant.WorkingHours;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slot rules refuse what no grid can be made of, and accept the smallest values that make sense. */
class SlotRulesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final WorkingHours HOURS = WorkingHours.parse(Map.of("mon", List.of("09:00-17:00")));
    static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aSlotLengthMustBePositive() {
        for (Duration length : new Duration[] {null, Duration.ZERO, Duration.ofMinutes(-30)}) {
            assertThatThrownBy(() -> new SlotRules(BERLIN, HOURS, length, Duration.ZERO, Duration.ZERO, 1))
                    .as("%s", length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("slot length");
        }
        assertThat(new SlotRules(BERLIN, HOURS, Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO, 1).slotLength())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aBufferMayBeZeroButNotNegativeOrMissing() {
        for (Duration buffer : new Duration[] {null, Duration.ofMinutes(-1)}) {
            assertThatThrownBy(() -> new SlotRules(BERLIN, HOURS, HOUR, buffer, Duration.ZERO, 1))
                    .as("%s", buffer)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("buffer");
        }
        assertThat(new SlotRules(BERLIN, HOURS, HOUR, Duration.ZERO, HOUR, 1).buffer())
                .isZero();
    }

    @Test
    void aMinimumNoticeMayBeZeroButNotNegativeOrMissing() {
        for (Duration notice : new Duration[] {null, Duration.ofMinutes(-1)}) {
            assertThatThrownBy(() -> new SlotRules(BERLIN, HOURS, HOUR, Duration.ZERO, notice, 1))
                    .as("%s", notice)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("minimum notice");
        }
        assertThat(new SlotRules(BERLIN, HOURS, HOUR, HOUR, Duration.ZERO, 1).minimumNotice())
                .isZero();
    }

    @Test
    void theMaximumAdvanceMayBeZeroDaysButNotNegative() {
        assertThatThrownBy(() -> new SlotRules(BERLIN, HOURS, HOUR, Duration.ZERO, Duration.ZERO, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximum advance");
        assertThat(new SlotRules(BERLIN, HOURS, HOUR, Duration.ZERO, Duration.ZERO, 0).maximumAdvanceDays())
                .as("today only")
                .isZero();
    }
}
