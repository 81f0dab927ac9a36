package com.salesbooking.api.availability;

import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.WorkingHours;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Everything that decides the slot grid of a salesperson, apart from "now" and the busy times.
 *
 * @param zone               the salesperson's zone: working hours and dates are local to it
 * @param workingHours       the salesperson's own hours, else the tenant's
 * @param slotLength         length of every slot, in real (elapsed) time
 * @param buffer             free time required on both sides of every busy interval
 * @param minimumNotice      a slot must start at least this long after now
 * @param maximumAdvanceDays the last bookable local date is today (in {@code zone}) plus this many days
 */
public record SlotRules(
        ZoneId zone,
        WorkingHours workingHours,
        Duration slotLength,
        Duration buffer,
        Duration minimumNotice,
        int maximumAdvanceDays) {

    public SlotRules {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(workingHours, "workingHours");
        if (slotLength == null || slotLength.isNegative() || slotLength.isZero()) {
            throw new IllegalArgumentException("slot length must be positive: " + slotLength);
        }
        if (buffer == null || buffer.isNegative()) {
            throw new IllegalArgumentException("buffer must not be negative: " + buffer);
        }
        if (minimumNotice == null || minimumNotice.isNegative()) {
            throw new IllegalArgumentException("minimum notice must not be negative: " + minimumNotice);
        }
        if (maximumAdvanceDays < 0) {
            throw new IllegalArgumentException("maximum advance days must not be negative: " + maximumAdvanceDays);
        }
    }

    /** The rules of a salesperson: zone and (override) hours are theirs, the rest is the tenant's. */
    public static SlotRules of(Tenant tenant, Salesperson salesperson) {
        return new SlotRules(
                salesperson.timezone(),
                salesperson.effectiveWorkingHours(tenant),
                tenant.slotLength(),
                tenant.buffer(),
                tenant.minimumNotice(),
                tenant.maximumAdvanceDays());
    }
}
