package com.salesbooking.api.availability;

import com.salesbooking.providers.calendar.CalendarProvider.BusyInterval;
import com.salesbooking.store.tenant.WorkingHours.Range;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The slot arithmetic, free of clocks and I/O: "now" and the busy intervals are arguments, so every rule,
 * DST included, is tested with plain values.
 *
 * <p>How a day's slots are made, in the salesperson's zone:
 * <ol>
 *   <li>The grid is laid in <em>wall-clock</em> time: each working-hours range of the date's weekday
 *       yields the local starts {@code rangeStart, rangeStart + length, ...} whose local end
 *       ({@code start + length}) still fits inside the range. A 09:00-17:00 day therefore offers 09:00 ...
 *       16:00 on a 23-hour or 25-hour day alike.</li>
 *   <li>Gap (clocks go forward): a slot whose local start does not exist is skipped, and so is a slot
 *       whose real interval contains the jump (its local end would be missing, e.g. 01:00-02:00 in Berlin
 *       on the last Sunday of March, or it would look longer on the wall clock than it lasts and overlap
 *       the next slot).</li>
 *   <li>Overlap (clocks go back): an ambiguous local start is read with the <em>earlier</em> offset, the one
 *       in force before the transition (summer time). Every slot lasts exactly the slot length in real
 *       time, so in Berlin on the last Sunday of October the 02:00 slot is 02:00+02:00 to 02:00+01:00, and
 *       the repeated hour 02:00-03:00+01:00 is in no slot. The same reading is used everywhere (grid, hold
 *       check, range ends), so a given local time always means the same instant.</li>
 *   <li>A slot must end by the end of its range, read the same way (a range end inside a gap ends at the
 *       transition).</li>
 *   <li>A date before today or after today + maximum advance days (both in the salesperson's zone) has no
 *       slots; nor does a slot that starts before now + minimum notice.</li>
 *   <li>A slot is taken away when [start, end) overlaps a busy interval widened by the buffer on both
 *       sides: [busyStart - buffer, busyEnd + buffer). Intervals are half-open, so a slot that ends exactly
 *       where the widened interval starts stays.</li>
 * </ol>
 */
public final class SlotCalculator {

    private SlotCalculator() {}

    /** The free slots of {@code date}: {@link #candidates} minus the busy intervals (see {@link #withoutBusy}). */
    public static List<Slot> slots(LocalDate date, SlotRules rules, Collection<BusyInterval> busy, Instant now) {
        return withoutBusy(candidates(date, rules, now), busy, rules.buffer());
    }

    /**
     * The slots of {@code date} that time rules alone allow (grid, DST, working hours, minimum notice,
     * maximum advance, past), before any busy time is taken away; in start order.
     */
    public static List<Slot> candidates(LocalDate date, SlotRules rules, Instant now) {
        if (!bookableDate(date, rules, now)) {
            return List.of();
        }
        Instant earliestStart = now.plus(rules.minimumNotice());
        List<Slot> slots = new ArrayList<>();
        for (Range range : rules.workingHours().on(date.getDayOfWeek())) {
            for (Slot slot : grid(date, range, rules.zone(), rules.slotLength())) {
                if (!slot.startAt().isBefore(earliestStart)) {
                    slots.add(slot);
                }
            }
        }
        return List.copyOf(slots);
    }

    /** The slots that no busy interval, widened by {@code buffer} on both sides, overlaps. */
    public static List<Slot> withoutBusy(List<Slot> slots, Collection<BusyInterval> busy, Duration buffer) {
        if (busy.isEmpty()) {
            return slots;
        }
        return slots.stream().filter(slot -> !blocked(slot, busy, buffer)).toList();
    }

    /** True when a busy interval widened by {@code buffer} overlaps the slot. */
    public static boolean blocked(Slot slot, Collection<BusyInterval> busy, Duration buffer) {
        for (BusyInterval b : busy) {
            if (overlaps(
                    slot.startAt(),
                    slot.endAt(),
                    b.startUtc().minus(buffer),
                    b.endUtc().plus(buffer))) {
                return true;
            }
        }
        return false;
    }

    /** Half-open intervals [aStart, aEnd) and [bStart, bEnd) share at least one instant. */
    public static boolean overlaps(Instant aStart, Instant aEnd, Instant bStart, Instant bEnd) {
        return aStart.isBefore(bEnd) && bStart.isBefore(aEnd);
    }

    /** Not in the past and not beyond the maximum advance, both counted in whole local dates of the zone. */
    static boolean bookableDate(LocalDate date, SlotRules rules, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, rules.zone());
        return !date.isBefore(today) && !date.isAfter(today.plusDays(rules.maximumAdvanceDays()));
    }

    /** The DST-aware wall-clock grid of one working-hours range (rules 1-4 of the class comment). */
    static List<Slot> grid(LocalDate date, Range range, ZoneId zone, Duration length) {
        ZoneRules zoneRules = zone.getRules();
        LocalDateTime rangeEnd = date.atTime(range.end());
        Instant rangeEndInstant = instant(rangeEnd, zoneRules);
        List<Slot> slots = new ArrayList<>();
        for (LocalDateTime start = date.atTime(range.start());
                !start.plus(length).isAfter(rangeEnd);
                start = start.plus(length)) {
            if (isInGap(start, zoneRules)) {
                continue;
            }
            Instant startAt = instant(start, zoneRules);
            Instant endAt = startAt.plus(length);
            ZoneOffset startOffset = zoneRules.getOffset(startAt);
            ZoneOffset endOffset = zoneRules.getOffset(endAt);
            // a larger offset at the end means the clocks jumped forward inside the slot (rule 2)
            boolean clocksJumpForwardInside = endOffset.getTotalSeconds() > startOffset.getTotalSeconds();
            if (clocksJumpForwardInside || endAt.isAfter(rangeEndInstant)) {
                continue;
            }
            slots.add(new Slot(startAt, endAt, startAt.atOffset(startOffset), endAt.atOffset(endOffset)));
        }
        return slots;
    }

    private static boolean isInGap(LocalDateTime local, ZoneRules rules) {
        return rules.getValidOffsets(local).isEmpty();
    }

    /**
     * The instant of a local date-time: an ambiguous one with the earlier offset (the one before the
     * transition), one inside a gap at the transition itself (the first instant after the missing times).
     */
    static Instant instant(LocalDateTime local, ZoneRules rules) {
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition == null) {
            return local.toInstant(rules.getOffset(local));
        }
        if (transition.isGap()) {
            return transition.getInstant();
        }
        return local.toInstant(transition.getOffsetBefore());
    }
}
