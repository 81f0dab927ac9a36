package com.salesbooking.api.availability;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.web.WireTimes;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

@RestController
public class AvailabilityController {

    // UUID.fromString also takes short forms such as "1-1-1-1-1"; only the canonical 36 characters are an id
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // LocalDate.parse alone accepts "+2027-03-28"; the contract is exactly YYYY-MM-DD
    private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final AvailabilityService availability;

    AvailabilityController(AvailabilityService availability) {
        this.availability = availability;
    }

    /**
     * The salesperson's free slots on a local date of their zone. Parameters are checked before the tenant is
     * looked up, so a malformed request is a 400 whatever the slug.
     */
    @GetMapping("/v1/public/{slug}/availability")
    AvailabilityView availability(
            @PathVariable("slug") String slug,
            @RequestParam(name = "salesperson", required = false) String salesperson,
            @RequestParam(name = "date", required = false) String date) {
        UUID salespersonId = salespersonId(salesperson);
        LocalDate day = date(date);
        return AvailabilityView.of(availability.availability(slug, salespersonId, day));
    }

    private static UUID salespersonId(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid("salesperson", "query parameter 'salesperson' is required");
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw ApiException.invalid("salesperson", "query parameter 'salesperson' must be a salesperson id (UUID)");
        }
        return UUID.fromString(text);
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid("date", "query parameter 'date' is required");
        }
        try {
            if (DATE_TEXT.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // falls through: a well-formed but impossible date such as 2027-02-30
        }
        throw ApiException.invalid("date", "query parameter 'date' must be a date YYYY-MM-DD");
    }

    /** The response body; the global snake_case naming turns {@code startAt} into {@code start_at}. */
    @Schema(name = "Availability")
    public record AvailabilityView(
            @Schema(requiredMode = REQUIRED, format = "date")
            String date,

            @Schema(requiredMode = REQUIRED, description = "IANA zone")
            String timezone,

            @Schema(requiredMode = REQUIRED) List<SlotView> slots) {

        static AvailabilityView of(DayAvailability day) {
            return new AvailabilityView(
                    day.date().toString(),
                    day.timezone().getId(),
                    day.slots().stream().map(SlotView::of).toList());
        }
    }

    /**
     * One slot, formatted here rather than by the JSON mapper so the shape does not depend on its date settings:
     * UTC with {@code Z}, and the local date-time with its offset, both with seconds ({@link WireTimes}).
     */
    @Schema(name = "Slot")
    public record SlotView(
            @Schema(requiredMode = REQUIRED, format = "date-time")
            String startAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String endAt,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String startLocal,

            @Schema(requiredMode = REQUIRED, format = "date-time")
            String endLocal) {

        static SlotView of(Slot slot) {
            return new SlotView(
                    WireTimes.utc(slot.startAt()),
                    WireTimes.utc(slot.endAt()),
                    WireTimes.local(slot.startLocal()),
                    WireTimes.local(slot.endLocal()));
        }
    }
}
