package com.salesbooking.store.tenant;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weekly working hours in local time: several ranges per day are allowed (a lunch break). Stored as JSON
 * {@code {"mon":["09:00-12:00","13:00-17:00"], ...}}; a day that is absent is a day off.
 */
public record WorkingHours(Map<DayOfWeek, List<Range>> days) {

    private static final Map<String, DayOfWeek> KEYS = Map.of(
            "mon",
            DayOfWeek.MONDAY,
            "tue",
            DayOfWeek.TUESDAY,
            "wed",
            DayOfWeek.WEDNESDAY,
            "thu",
            DayOfWeek.THURSDAY,
            "fri",
            DayOfWeek.FRIDAY,
            "sat",
            DayOfWeek.SATURDAY,
            "sun",
            DayOfWeek.SUNDAY);

    public WorkingHours {
        EnumMap<DayOfWeek, List<Range>> copy = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, ranges) -> {
            List<Range> sorted = new ArrayList<>(ranges);
            sorted.sort((a, b) -> a.start().compareTo(b.start()));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
                    throw new IllegalArgumentException("working hours overlap on " + day);
                }
            }
            copy.put(day, List.copyOf(sorted));
        });
        days = Collections.unmodifiableMap(copy);
    }

    /** The ranges of one weekday, empty on a day off. */
    public List<Range> on(DayOfWeek day) {
        return days.getOrDefault(day, List.of());
    }

    /** The stored form: "mon".."sun" to "HH:mm-HH:mm" strings, days off left out, Monday first. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Range> ranges = days.get(day);
            if (ranges != null) {
                map.put(
                        day.name().substring(0, 3).toLowerCase(Locale.ROOT),
                        ranges.stream().map(r -> r.start() + "-" + r.end()).toList());
            }
        }
        return map;
    }

    /** Parses the stored form: a map from "mon".."sun" to "HH:mm-HH:mm" strings. */
    public static WorkingHours parse(Map<String, List<String>> json) {
        EnumMap<DayOfWeek, List<Range>> days = new EnumMap<>(DayOfWeek.class);
        json.forEach((key, ranges) -> {
            DayOfWeek day = KEYS.get(key.toLowerCase(Locale.ROOT));
            if (day == null) {
                throw new IllegalArgumentException("unknown weekday '" + key + "' in working hours");
            }
            List<Range> parsed = new ArrayList<>();
            for (String range : ranges) {
                parsed.add(Range.parse(range));
            }
            days.put(day, parsed);
        });
        return new WorkingHours(days);
    }

    /** [start, end) in local time; end after start (no ranges across midnight). */
    public record Range(LocalTime start, LocalTime end) {
        public Range {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException(
                        "working-hours range must end after it starts: " + start + "-" + end);
            }
        }

        static Range parse(String text) {
            String[] parts = text.split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("working-hours range must be HH:mm-HH:mm: " + text);
            }
            try {
                return new Range(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("working-hours range must be HH:mm-HH:mm: " + text, e);
            }
        }
    }
}
