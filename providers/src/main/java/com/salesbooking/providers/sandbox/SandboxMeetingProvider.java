package com.salesbooking.providers.sandbox;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.meeting.MeetingProvider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory Zoom: inspectable ({@code GET /dev/sandbox/zoom/meetings}), with injectable faults. */
public class SandboxMeetingProvider implements MeetingProvider {

    /** A meeting as the sandbox holds it. */
    public record SandboxMeeting(
            String id,
            String tenantSlug,
            String bookingId,
            String topic,
            Instant startUtc,
            Duration duration,
            String timezone,
            String joinUrl,
            String host) {}

    private final Map<String, SandboxMeeting> meetings = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(80_000_000_000L);
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();
    private final AtomicInteger finds = new AtomicInteger();
    private final SandboxFaults faults;

    public SandboxMeetingProvider(SandboxFaults faults) {
        this.faults = faults;
    }

    @Override
    public CreatedMeeting createMeeting(ProviderTenant tenant, MeetingRequest request) {
        faults.check("zoom", "createMeeting");
        creates.incrementAndGet();
        String id = Long.toString(ids.incrementAndGet());
        String joinUrl = "https://zoom.sandbox.local/j/" + id;
        meetings.put(
                id,
                new SandboxMeeting(
                        id,
                        tenant.slug(),
                        request.bookingId(),
                        request.topic(),
                        request.startUtc(),
                        request.duration(),
                        request.timezone().getId(),
                        joinUrl,
                        request.hostUser() == null ? "me" : request.hostUser()));
        // the meeting exists now; an armed lost_answer fault drops the answer on its way back
        faults.answer("zoom", "createMeeting");
        return created(id, joinUrl);
    }

    @Override
    public List<String> findMeetingIds(ProviderTenant tenant, String hostUser, String bookingId) {
        faults.check("zoom", "findMeetingIds");
        finds.incrementAndGet();
        return meetings.values().stream()
                .filter(m ->
                        m.tenantSlug().equals(tenant.slug()) && m.bookingId().equals(bookingId))
                .map(SandboxMeeting::id)
                .sorted()
                .toList();
    }

    @Override
    public CreatedMeeting getMeeting(ProviderTenant tenant, String meetingId) {
        faults.check("zoom", "getMeeting");
        SandboxMeeting m = meetings.get(meetingId);
        if (m == null) {
            throw new com.salesbooking.providers.ProviderException(
                    "zoom",
                    "getMeeting",
                    com.salesbooking.providers.ProviderException.Kind.NON_RETRYABLE,
                    404,
                    null,
                    "no such meeting",
                    null);
        }
        return created(m.id(), m.joinUrl());
    }

    private static CreatedMeeting created(String id, String joinUrl) {
        return new CreatedMeeting(id, joinUrl, "https://zoom.sandbox.local/s/" + id + "?zak=sandbox");
    }

    @Override
    public void updateMeeting(
            ProviderTenant tenant, String meetingId, Instant startUtc, Duration duration, ZoneId timezone) {
        faults.check("zoom", "updateMeeting");
        meetings.computeIfPresent(
                meetingId,
                (k, m) -> new SandboxMeeting(
                        m.id(),
                        m.tenantSlug(),
                        m.bookingId(),
                        m.topic(),
                        startUtc,
                        duration,
                        timezone.getId(),
                        m.joinUrl(),
                        m.host()));
    }

    @Override
    public void deleteMeeting(ProviderTenant tenant, String meetingId) {
        faults.check("zoom", "deleteMeeting");
        deletes.incrementAndGet();
        meetings.remove(meetingId);
    }

    public Collection<SandboxMeeting> meetings() {
        return List.copyOf(meetings.values());
    }

    /** Successful create calls so far (tests: "one Zoom meeting"). */
    public int createCalls() {
        return creates.get();
    }

    /** Look-ups of an earlier attempt's meeting so far. */
    public int findCalls() {
        return finds.get();
    }

    /** Successful delete calls so far. */
    public int deleteCalls() {
        return deletes.get();
    }
}
