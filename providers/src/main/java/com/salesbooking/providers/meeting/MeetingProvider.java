package com.salesbooking.providers.meeting;

import com.salesbooking.providers.ProviderTenant;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Creates the video meeting of a confirmed booking (Zoom). Teams tenants do not use this: their
 * online meeting is created by the calendar event itself.
 *
 * <p>Every method throws {@link com.salesbooking.providers.ProviderException} on failure,
 * classified as retryable or not; none swallows an error.
 */
public interface MeetingProvider {

    /**
     * Creates a scheduled meeting. Zoom has no idempotency key, so callers make the step idempotent
     * by looking up the meeting they stored for the booking before calling this, and, when an earlier
     * attempt may have reached Zoom without its answer arriving, by {@link #findMeetingIds} first.
     */
    CreatedMeeting createMeeting(ProviderTenant tenant, MeetingRequest request);

    /**
     * The ids of upcoming meetings that earlier {@link #createMeeting} calls made for this booking (found by the
     * booking id every topic carries): the way to tell "never created" from "created, but the answer was lost"
     * (a read time-out, a worker that died mid-call). Looks at the meetings of {@code hostUser} and of the app's
     * own user (where a create falls back to). Usually empty.
     */
    List<String> findMeetingIds(ProviderTenant tenant, String hostUser, String bookingId);

    /** One meeting with its links; for a meeting {@link #findMeetingIds} found. */
    CreatedMeeting getMeeting(ProviderTenant tenant, String meetingId);

    /** Moves a meeting to a new start and duration. */
    void updateMeeting(ProviderTenant tenant, String meetingId, Instant startUtc, Duration duration, ZoneId timezone);

    /** Deletes a meeting; a meeting that does not exist (404) counts as deleted. */
    void deleteMeeting(ProviderTenant tenant, String meetingId);

    /**
     * @param bookingId the booking, carried in topic and agenda so a meeting can be traced back
     * @param topic     the meeting's title
     * @param agenda    free text shown to participants
     * @param startUtc  start instant
     * @param duration  length of the meeting
     * @param timezone  the display time zone (IANA id), sent explicitly
     * @param hostUser  the salesperson's Zoom user (their email), who hosts the meeting; null: the app's own user
     */
    record MeetingRequest(
            String bookingId,
            String topic,
            String agenda,
            Instant startUtc,
            Duration duration,
            ZoneId timezone,
            String hostUser) {}

    /**
     * @param meetingId the provider's id of the meeting
     * @param joinUrl   the participants' link
     * @param startUrl  the host's link (a secret: stored, never logged nor put in workflow history)
     */
    record CreatedMeeting(String meetingId, String joinUrl, String startUrl) {}
}
