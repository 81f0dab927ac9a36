package com.salesbooking.api.availability;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The free slots of one salesperson on one local date.
 *
 * @param date     the local date in {@code timezone}
 * @param timezone the salesperson's zone: the date, the grid and the local times are all read in it
 * @param slots    in start order, possibly empty
 */
public record DayAvailability(LocalDate date, ZoneId timezone, List<Slot> slots) {

    public DayAvailability {
        slots = List.copyOf(slots);
    }
}
