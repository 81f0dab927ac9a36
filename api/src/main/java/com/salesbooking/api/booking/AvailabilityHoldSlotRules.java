package com.salesbooking.api.booking;

import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Holds accept exactly the slots the availability endpoint offers. */
@Component
class AvailabilityHoldSlotRules implements HoldSlotRules {

    private final AvailabilityService availability;

    AvailabilityHoldSlotRules(AvailabilityService availability) {
        this.availability = availability;
    }

    @Override
    public Verdict verdict(Tenant tenant, Salesperson salesperson, Instant startUtc, Instant endUtc) {
        return switch (availability.check(tenant, salesperson, startUtc, endUtc)) {
            case OFFERED -> Verdict.OFFERED;
            case TAKEN -> Verdict.TAKEN;
            case UNAVAILABLE -> Verdict.UNAVAILABLE;
        };
    }
}
