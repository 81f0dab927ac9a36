package com.salesbooking.api.availability;

import com.salesbooking.providers.calendar.CalendarProvider.BusyInterval;
import com.salesbooking.store.tenant.WorkingHours;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slot rules without Spring, a database or a clock. Expected slots are written out literally as
 * "local start -> local end | UTC start -> UTC end", the way a reader checks them against a DST table.
 */
class SlotCalculatorTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    // every DST change in Europe and the US happens on a Sunday: hours across the change and a normal day
    static final WorkingHours SUNDAY_ACROSS_DST_AND_OFFICE_HOURS =
            WorkingHours.parse(Map.of("sun", List.of("00:00-06:00", "09:00-17:00")));
    static final WorkingHours WEEKDAYS_9_TO_5 = WorkingHours.parse(Map.of(
            "mon",
            List.of("09:00-17:00"),
            "tue",
            List.of("09:00-17:00"),
            "wed",
            List.of("09:00-17:00"),
            "thu",
            List.of("09:00-17:00"),
            "fri",
            List.of("09:00-17:00")));

    static final Duration HOUR = Duration.ofMinutes(60);
    static final Duration BUFFER = Duration.ofMinutes(10);
    static final Duration NOTICE = Duration.ofMinutes(120);
    static final int ADVANCE_DAYS = 60;

    // weeks before each DST date, so neither notice nor advance interferes
    static final Instant EARLY_MARCH = Instant.parse("2027-03-01T00:00:00Z");
    static final Instant EARLY_OCTOBER = Instant.parse("2027-10-01T00:00:00Z");

    static SlotRules rules(ZoneId zone, WorkingHours hours, Duration length) {
        return new SlotRules(zone, hours, length, BUFFER, NOTICE, ADVANCE_DAYS);
    }

    static List<String> render(List<Slot> slots) {
        return slots.stream()
                .map(s -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(s.startLocal()) + " -> "
                        + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(s.endLocal()) + " | " + s.startAt() + " -> "
                        + s.endAt())
                .toList();
    }

    @Nested
    class DaylightSavingTime {

        @Test
        void berlinSpringForwardSkipsTheMissingHourAndTheSlotRunningIntoIt() {
            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-03-28"),
                    rules(BERLIN, SUNDAY_ACROSS_DST_AND_OFFICE_HOURS, HOUR),
                    List.of(),
                    EARLY_MARCH);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-03-28T00:00:00+01:00 -> 2027-03-28T01:00:00+01:00 | 2027-03-27T23:00:00Z -> 2027-03-28T00:00:00Z",
                            // 01:00-02:00 would end at 02:00, which does not exist; 02:00-03:00 does not exist at all
                            "2027-03-28T03:00:00+02:00 -> 2027-03-28T04:00:00+02:00 | 2027-03-28T01:00:00Z -> 2027-03-28T02:00:00Z",
                            "2027-03-28T04:00:00+02:00 -> 2027-03-28T05:00:00+02:00 | 2027-03-28T02:00:00Z -> 2027-03-28T03:00:00Z",
                            "2027-03-28T05:00:00+02:00 -> 2027-03-28T06:00:00+02:00 | 2027-03-28T03:00:00Z -> 2027-03-28T04:00:00Z",
                            "2027-03-28T09:00:00+02:00 -> 2027-03-28T10:00:00+02:00 | 2027-03-28T07:00:00Z -> 2027-03-28T08:00:00Z",
                            "2027-03-28T10:00:00+02:00 -> 2027-03-28T11:00:00+02:00 | 2027-03-28T08:00:00Z -> 2027-03-28T09:00:00Z",
                            "2027-03-28T11:00:00+02:00 -> 2027-03-28T12:00:00+02:00 | 2027-03-28T09:00:00Z -> 2027-03-28T10:00:00Z",
                            "2027-03-28T12:00:00+02:00 -> 2027-03-28T13:00:00+02:00 | 2027-03-28T10:00:00Z -> 2027-03-28T11:00:00Z",
                            "2027-03-28T13:00:00+02:00 -> 2027-03-28T14:00:00+02:00 | 2027-03-28T11:00:00Z -> 2027-03-28T12:00:00Z",
                            "2027-03-28T14:00:00+02:00 -> 2027-03-28T15:00:00+02:00 | 2027-03-28T12:00:00Z -> 2027-03-28T13:00:00Z",
                            "2027-03-28T15:00:00+02:00 -> 2027-03-28T16:00:00+02:00 | 2027-03-28T13:00:00Z -> 2027-03-28T14:00:00Z",
                            "2027-03-28T16:00:00+02:00 -> 2027-03-28T17:00:00+02:00 | 2027-03-28T14:00:00Z -> 2027-03-28T15:00:00Z");
        }

        @Test
        void berlinFallBackReadsTheRepeatedHourWithTheEarlierOffset() {
            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-10-31"),
                    rules(BERLIN, SUNDAY_ACROSS_DST_AND_OFFICE_HOURS, HOUR),
                    List.of(),
                    EARLY_OCTOBER);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-10-31T00:00:00+02:00 -> 2027-10-31T01:00:00+02:00 | 2027-10-30T22:00:00Z -> 2027-10-30T23:00:00Z",
                            "2027-10-31T01:00:00+02:00 -> 2027-10-31T02:00:00+02:00 | 2027-10-30T23:00:00Z -> 2027-10-31T00:00:00Z",
                            // 02:00 is ambiguous: summer time (+02:00); the slot lasts 60 real minutes, so it ends at
                            // the
                            // second 02:00, and the repeated hour 02:00-03:00+01:00 is in no slot
                            "2027-10-31T02:00:00+02:00 -> 2027-10-31T02:00:00+01:00 | 2027-10-31T00:00:00Z -> 2027-10-31T01:00:00Z",
                            "2027-10-31T03:00:00+01:00 -> 2027-10-31T04:00:00+01:00 | 2027-10-31T02:00:00Z -> 2027-10-31T03:00:00Z",
                            "2027-10-31T04:00:00+01:00 -> 2027-10-31T05:00:00+01:00 | 2027-10-31T03:00:00Z -> 2027-10-31T04:00:00Z",
                            "2027-10-31T05:00:00+01:00 -> 2027-10-31T06:00:00+01:00 | 2027-10-31T04:00:00Z -> 2027-10-31T05:00:00Z",
                            "2027-10-31T09:00:00+01:00 -> 2027-10-31T10:00:00+01:00 | 2027-10-31T08:00:00Z -> 2027-10-31T09:00:00Z",
                            "2027-10-31T10:00:00+01:00 -> 2027-10-31T11:00:00+01:00 | 2027-10-31T09:00:00Z -> 2027-10-31T10:00:00Z",
                            "2027-10-31T11:00:00+01:00 -> 2027-10-31T12:00:00+01:00 | 2027-10-31T10:00:00Z -> 2027-10-31T11:00:00Z",
                            "2027-10-31T12:00:00+01:00 -> 2027-10-31T13:00:00+01:00 | 2027-10-31T11:00:00Z -> 2027-10-31T12:00:00Z",
                            "2027-10-31T13:00:00+01:00 -> 2027-10-31T14:00:00+01:00 | 2027-10-31T12:00:00Z -> 2027-10-31T13:00:00Z",
                            "2027-10-31T14:00:00+01:00 -> 2027-10-31T15:00:00+01:00 | 2027-10-31T13:00:00Z -> 2027-10-31T14:00:00Z",
                            "2027-10-31T15:00:00+01:00 -> 2027-10-31T16:00:00+01:00 | 2027-10-31T14:00:00Z -> 2027-10-31T15:00:00Z",
                            "2027-10-31T16:00:00+01:00 -> 2027-10-31T17:00:00+01:00 | 2027-10-31T15:00:00Z -> 2027-10-31T16:00:00Z");
        }

        @Test
        void newYorkSpringForwardSkipsTheMissingHourAndTheSlotRunningIntoIt() {
            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-03-14"),
                    rules(NEW_YORK, SUNDAY_ACROSS_DST_AND_OFFICE_HOURS, HOUR),
                    List.of(),
                    EARLY_MARCH);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-03-14T00:00:00-05:00 -> 2027-03-14T01:00:00-05:00 | 2027-03-14T05:00:00Z -> 2027-03-14T06:00:00Z",
                            "2027-03-14T03:00:00-04:00 -> 2027-03-14T04:00:00-04:00 | 2027-03-14T07:00:00Z -> 2027-03-14T08:00:00Z",
                            "2027-03-14T04:00:00-04:00 -> 2027-03-14T05:00:00-04:00 | 2027-03-14T08:00:00Z -> 2027-03-14T09:00:00Z",
                            "2027-03-14T05:00:00-04:00 -> 2027-03-14T06:00:00-04:00 | 2027-03-14T09:00:00Z -> 2027-03-14T10:00:00Z",
                            "2027-03-14T09:00:00-04:00 -> 2027-03-14T10:00:00-04:00 | 2027-03-14T13:00:00Z -> 2027-03-14T14:00:00Z",
                            "2027-03-14T10:00:00-04:00 -> 2027-03-14T11:00:00-04:00 | 2027-03-14T14:00:00Z -> 2027-03-14T15:00:00Z",
                            "2027-03-14T11:00:00-04:00 -> 2027-03-14T12:00:00-04:00 | 2027-03-14T15:00:00Z -> 2027-03-14T16:00:00Z",
                            "2027-03-14T12:00:00-04:00 -> 2027-03-14T13:00:00-04:00 | 2027-03-14T16:00:00Z -> 2027-03-14T17:00:00Z",
                            "2027-03-14T13:00:00-04:00 -> 2027-03-14T14:00:00-04:00 | 2027-03-14T17:00:00Z -> 2027-03-14T18:00:00Z",
                            "2027-03-14T14:00:00-04:00 -> 2027-03-14T15:00:00-04:00 | 2027-03-14T18:00:00Z -> 2027-03-14T19:00:00Z",
                            "2027-03-14T15:00:00-04:00 -> 2027-03-14T16:00:00-04:00 | 2027-03-14T19:00:00Z -> 2027-03-14T20:00:00Z",
                            "2027-03-14T16:00:00-04:00 -> 2027-03-14T17:00:00-04:00 | 2027-03-14T20:00:00Z -> 2027-03-14T21:00:00Z");
        }

        @Test
        void newYorkFallBackReadsTheRepeatedHourWithTheEarlierOffset() {
            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-11-07"),
                    rules(NEW_YORK, SUNDAY_ACROSS_DST_AND_OFFICE_HOURS, HOUR),
                    List.of(),
                    EARLY_OCTOBER);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-11-07T00:00:00-04:00 -> 2027-11-07T01:00:00-04:00 | 2027-11-07T04:00:00Z -> 2027-11-07T05:00:00Z",
                            "2027-11-07T01:00:00-04:00 -> 2027-11-07T01:00:00-05:00 | 2027-11-07T05:00:00Z -> 2027-11-07T06:00:00Z",
                            "2027-11-07T02:00:00-05:00 -> 2027-11-07T03:00:00-05:00 | 2027-11-07T07:00:00Z -> 2027-11-07T08:00:00Z",
                            "2027-11-07T03:00:00-05:00 -> 2027-11-07T04:00:00-05:00 | 2027-11-07T08:00:00Z -> 2027-11-07T09:00:00Z",
                            "2027-11-07T04:00:00-05:00 -> 2027-11-07T05:00:00-05:00 | 2027-11-07T09:00:00Z -> 2027-11-07T10:00:00Z",
                            "2027-11-07T05:00:00-05:00 -> 2027-11-07T06:00:00-05:00 | 2027-11-07T10:00:00Z -> 2027-11-07T11:00:00Z",
                            "2027-11-07T09:00:00-05:00 -> 2027-11-07T10:00:00-05:00 | 2027-11-07T14:00:00Z -> 2027-11-07T15:00:00Z",
                            "2027-11-07T10:00:00-05:00 -> 2027-11-07T11:00:00-05:00 | 2027-11-07T15:00:00Z -> 2027-11-07T16:00:00Z",
                            "2027-11-07T11:00:00-05:00 -> 2027-11-07T12:00:00-05:00 | 2027-11-07T16:00:00Z -> 2027-11-07T17:00:00Z",
                            "2027-11-07T12:00:00-05:00 -> 2027-11-07T13:00:00-05:00 | 2027-11-07T17:00:00Z -> 2027-11-07T18:00:00Z",
                            "2027-11-07T13:00:00-05:00 -> 2027-11-07T14:00:00-05:00 | 2027-11-07T18:00:00Z -> 2027-11-07T19:00:00Z",
                            "2027-11-07T14:00:00-05:00 -> 2027-11-07T15:00:00-05:00 | 2027-11-07T19:00:00Z -> 2027-11-07T20:00:00Z",
                            "2027-11-07T15:00:00-05:00 -> 2027-11-07T16:00:00-05:00 | 2027-11-07T20:00:00Z -> 2027-11-07T21:00:00Z",
                            "2027-11-07T16:00:00-05:00 -> 2027-11-07T17:00:00-05:00 | 2027-11-07T21:00:00Z -> 2027-11-07T22:00:00Z");
        }

        @Test
        void aLocalTimeInTheGapIsTheInstantTheClocksJumpAndARepeatedOneTakesTheEarlierOffset() {
            // 02:30 does not exist in Berlin on 2027-03-28 (02:00 CET became 03:00 CEST at 01:00Z)
            assertThat(SlotCalculator.instant(LocalDateTime.parse("2027-03-28T02:30"), BERLIN.getRules()))
                    .isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
            // 02:30 happens twice on 2027-10-31: first in CEST (+02:00)
            assertThat(SlotCalculator.instant(LocalDateTime.parse("2027-10-31T02:30"), BERLIN.getRules()))
                    .isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
            assertThat(SlotCalculator.instant(LocalDateTime.parse("2027-03-29T09:00"), BERLIN.getRules()))
                    .isEqualTo(Instant.parse("2027-03-29T07:00:00Z"));
        }

        @Test
        void halfHourSlotsEndingInTheGapAreNotOffered() {
            WorkingHours hours = WorkingHours.parse(Map.of("sun", List.of("01:00-04:00")));

            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-03-28"),
                    rules(BERLIN, hours, Duration.ofMinutes(30)),
                    List.of(),
                    EARLY_MARCH);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-03-28T01:00:00+01:00 -> 2027-03-28T01:30:00+01:00 | 2027-03-28T00:00:00Z -> 2027-03-28T00:30:00Z",
                            // 01:30 would end at 02:00 (missing); 02:00 and 02:30 are missing
                            "2027-03-28T03:00:00+02:00 -> 2027-03-28T03:30:00+02:00 | 2027-03-28T01:00:00Z -> 2027-03-28T01:30:00Z",
                            "2027-03-28T03:30:00+02:00 -> 2027-03-28T04:00:00+02:00 | 2027-03-28T01:30:00Z -> 2027-03-28T02:00:00Z");
        }

        @Test
        void slotsLongerThanTheGapNeverContainItAndNeverOverlap() {
            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-03-28"),
                    rules(BERLIN, WorkingHours.parse(Map.of("sun", List.of("00:00-06:00"))), Duration.ofMinutes(90)),
                    List.of(),
                    EARLY_MARCH);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-03-28T00:00:00+01:00 -> 2027-03-28T01:30:00+01:00 | 2027-03-27T23:00:00Z -> 2027-03-28T00:30:00Z",
                            // 01:30+01:00 plus 90 real minutes is 04:00+02:00: it would look like 2.5 hours and overlap
                            // 03:00
                            "2027-03-28T03:00:00+02:00 -> 2027-03-28T04:30:00+02:00 | 2027-03-28T01:00:00Z -> 2027-03-28T02:30:00Z",
                            "2027-03-28T04:30:00+02:00 -> 2027-03-28T06:00:00+02:00 | 2027-03-28T02:30:00Z -> 2027-03-28T04:00:00Z");
        }

        @Test
        void halfHourSlotsInTheRepeatedHourAllUseTheEarlierOffset() {
            WorkingHours hours = WorkingHours.parse(Map.of("sun", List.of("00:30-02:30")));

            List<Slot> slots = SlotCalculator.slots(
                    LocalDate.parse("2027-11-07"),
                    rules(NEW_YORK, hours, Duration.ofMinutes(30)),
                    List.of(),
                    EARLY_OCTOBER);

            assertThat(render(slots))
                    .containsExactly(
                            "2027-11-07T00:30:00-04:00 -> 2027-11-07T01:00:00-04:00 | 2027-11-07T04:30:00Z -> 2027-11-07T05:00:00Z",
                            "2027-11-07T01:00:00-04:00 -> 2027-11-07T01:30:00-04:00 | 2027-11-07T05:00:00Z -> 2027-11-07T05:30:00Z",
                            "2027-11-07T01:30:00-04:00 -> 2027-11-07T01:00:00-05:00 | 2027-11-07T05:30:00Z -> 2027-11-07T06:00:00Z",
                            "2027-11-07T02:00:00-05:00 -> 2027-11-07T02:30:00-05:00 | 2027-11-07T07:00:00Z -> 2027-11-07T07:30:00Z");
        }
    }

    @Nested
    class BusyTimesAndBuffer {

        // Monday 2027-03-29, Berlin summer time (+02:00): 09:00 local is 07:00Z
        static final LocalDate MONDAY = LocalDate.parse("2027-03-29");
        static final SlotRules BERLIN_WEEKDAYS = rules(BERLIN, WEEKDAYS_9_TO_5, HOUR);

        static BusyInterval busy(String startLocal, String endLocal) {
            return new BusyInterval(
                    MONDAY.atTime(LocalTime.parse(startLocal)).atZone(BERLIN).toInstant(),
                    MONDAY.atTime(LocalTime.parse(endLocal)).atZone(BERLIN).toInstant());
        }

        static List<String> localStarts(List<Slot> slots) {
            return slots.stream()
                    .map(s -> s.startLocal().toLocalTime().toString())
                    .toList();
        }

        @Test
        void aShortEventRemovesItsSlotAndThroughTheBufferTheSlotBeforeButNotTheSlotAfter() {
            List<Slot> slots =
                    SlotCalculator.slots(MONDAY, BERLIN_WEEKDAYS, List.of(busy("10:05", "10:20")), EARLY_MARCH);

            // widened to 09:55-10:30: 09:00-10:00 and 10:00-11:00 overlap it, 11:00 does not
            assertThat(localStarts(slots)).containsExactly("11:00", "12:00", "13:00", "14:00", "15:00", "16:00");
        }

        @Test
        void aOneHourMeetingRemovesItsSlotAndBothNeighboursThroughTheBuffer() {
            List<Slot> slots =
                    SlotCalculator.slots(MONDAY, BERLIN_WEEKDAYS, List.of(busy("13:00", "14:00")), EARLY_MARCH);

            assertThat(localStarts(slots)).containsExactly("09:00", "10:00", "11:00", "15:00", "16:00");
        }

        @Test
        void aSlotEndingExactlyWhereTheWidenedBusyTimeStartsStays() {
            List<Slot> slots =
                    SlotCalculator.slots(MONDAY, BERLIN_WEEKDAYS, List.of(busy("11:10", "11:50")), EARLY_MARCH);

            // widened to 11:00-12:00: exactly the 11:00 slot, touching 10:00 and 12:00 without overlapping them
            assertThat(localStarts(slots))
                    .containsExactly("09:00", "10:00", "12:00", "13:00", "14:00", "15:00", "16:00");
        }

        @Test
        void busyTimeOnTheEveningBeforeReachesIntoTheFirstSlotOnlyThroughTheBuffer() {
            SlotRules fromMidnight = rules(BERLIN, WorkingHours.parse(Map.of("mon", List.of("00:00-03:00"))), HOUR);
            BusyInterval lateSunday =
                    new BusyInterval(Instant.parse("2027-03-28T21:30:00Z"), Instant.parse("2027-03-28T21:55:00Z"));

            List<Slot> slots = SlotCalculator.slots(MONDAY, fromMidnight, List.of(lateSunday), EARLY_MARCH);

            // 23:30-23:55 local on Sunday, widened to 00:05 Monday: the 00:00 slot goes
            assertThat(localStarts(slots)).containsExactly("01:00", "02:00");
        }

        @Test
        void severalRangesADayGiveSlotsInEachRangeThatFitEntirely() {
            WorkingHours lunchBreak = WorkingHours.parse(Map.of("mon", List.of("13:00-17:30", "09:00-11:30")));

            List<Slot> slots = SlotCalculator.slots(MONDAY, rules(BERLIN, lunchBreak, HOUR), List.of(), EARLY_MARCH);

            assertThat(localStarts(slots)).containsExactly("09:00", "10:00", "13:00", "14:00", "15:00", "16:00");
        }

        @Test
        void aDayWithoutWorkingHoursHasNoSlots() {
            assertThat(SlotCalculator.slots(LocalDate.parse("2027-03-27"), BERLIN_WEEKDAYS, List.of(), EARLY_MARCH))
                    .isEmpty();
        }
    }

    @Nested
    class NowNoticeAndAdvance {

        static final LocalDate MONDAY = LocalDate.parse("2027-03-29");
        static final SlotRules BERLIN_WEEKDAYS = rules(BERLIN, WEEKDAYS_9_TO_5, HOUR);

        @Test
        void slotsStartingBeforeNowPlusMinimumNoticeAreNotOffered() {
            Instant nineThirtyLocal = Instant.parse("2027-03-29T07:30:00Z");

            List<Slot> slots = SlotCalculator.slots(MONDAY, BERLIN_WEEKDAYS, List.of(), nineThirtyLocal);

            assertThat(slots)
                    .extracting(Slot::startAt)
                    .containsExactly(
                            Instant.parse("2027-03-29T10:00:00Z"),
                            Instant.parse("2027-03-29T11:00:00Z"),
                            Instant.parse("2027-03-29T12:00:00Z"),
                            Instant.parse("2027-03-29T13:00:00Z"),
                            Instant.parse("2027-03-29T14:00:00Z"));
        }

        @Test
        void aSlotStartingExactlyAtNowPlusMinimumNoticeIsOffered() {
            Instant nineLocal = Instant.parse("2027-03-29T07:00:00Z");

            List<Slot> slots = SlotCalculator.slots(MONDAY, BERLIN_WEEKDAYS, List.of(), nineLocal);

            assertThat(slots).first().extracting(Slot::startAt).isEqualTo(Instant.parse("2027-03-29T09:00:00Z"));
        }

        @Test
        void aDateInThePastOfTheSalespersonsZoneHasNoSlotsEvenWhileItIsStillThatDateInUtc() {
            // 23:30Z on Monday is already Tuesday 01:30 in Berlin, still Monday 19:30 in New York
            Instant lateMondayUtc = Instant.parse("2027-03-29T23:30:00Z");
            SlotRules noNotice = new SlotRules(BERLIN, WEEKDAYS_9_TO_5, HOUR, BUFFER, Duration.ZERO, ADVANCE_DAYS);
            SlotRules newYorkAllDay = new SlotRules(
                    NEW_YORK,
                    WorkingHours.parse(Map.of("mon", List.of("00:00-23:00"))),
                    HOUR,
                    BUFFER,
                    Duration.ZERO,
                    ADVANCE_DAYS);

            assertThat(SlotCalculator.slots(MONDAY, noNotice, List.of(), lateMondayUtc))
                    .isEmpty();
            assertThat(SlotCalculator.slots(MONDAY, newYorkAllDay, List.of(), lateMondayUtc))
                    .extracting(s -> s.startLocal().toLocalTime().toString())
                    .containsExactly("20:00", "21:00", "22:00");
        }

        @Test
        void theLastBookableDateIsTodayPlusMaximumAdvanceDays() {
            Instant mondayMorning = Instant.parse("2027-03-29T06:00:00Z");
            WorkingHours everyDay = WorkingHours.parse(Map.of(
                    "mon",
                    List.of("09:00-17:00"),
                    "tue",
                    List.of("09:00-17:00"),
                    "wed",
                    List.of("09:00-17:00"),
                    "thu",
                    List.of("09:00-17:00"),
                    "fri",
                    List.of("09:00-17:00"),
                    "sat",
                    List.of("09:00-17:00"),
                    "sun",
                    List.of("09:00-17:00")));
            SlotRules rules = rules(BERLIN, everyDay, HOUR);

            // 2027-03-29 + 60 days = 2027-05-28
            assertThat(SlotCalculator.slots(LocalDate.parse("2027-05-28"), rules, List.of(), mondayMorning))
                    .hasSize(8);
            assertThat(SlotCalculator.slots(LocalDate.parse("2027-05-29"), rules, List.of(), mondayMorning))
                    .isEmpty();
        }
    }
}
