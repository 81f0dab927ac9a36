package com.salesbooking.api.availability;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One bookable slot, [startAt, endAt): always exactly the tenant's slot length in real time.
 *
 * @param startAt    start instant (UTC)
 * @param endAt      end instant (UTC)
 * @param startLocal the start in the salesperson's zone, with the offset in force at that instant
 * @param endLocal   the end in the salesperson's zone, with the offset in force at that instant (it may
 *                   differ from the start's on a DST day)
 */
public record Slot(Instant startAt, Instant endAt, OffsetDateTime startLocal, OffsetDateTime endLocal) {}
