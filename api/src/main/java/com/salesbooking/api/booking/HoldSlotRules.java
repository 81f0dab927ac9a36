package com.salesbooking.api.booking;

import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;

import java.time.Instant;

/**
 * Whether a hold may be placed on an interval: exactly the slots that availability offers. Races are not
 * decided here (the database constraints do that); this only turns away what was never on offer.
 */
public interface HoldSlotRules {

    Verdict verdict(Tenant tenant, Salesperson salesperson, Instant startUtc, Instant endUtc);

    enum Verdict {
        /** A slot availability offers. */
        OFFERED,
        /** An active booking already occupies the interval: 409 slot_taken. */
        TAKEN,
        /** Not a slot on offer (outside hours, off the grid, too soon, too far, busy): 409 slot_unavailable. */
        UNAVAILABLE
    }
}
