package com.salesbooking.store.meeting;

import com.salesbooking.store.StoreTestDatabase;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.meeting.MeetingStore.KnownEvent;
import com.salesbooking.store.meeting.MeetingStore.StoredEvent;
import com.salesbooking.store.meeting.MeetingStore.TrackedEvent;
import com.salesbooking.store.meeting.MeetingStore.WatchedEvent;
import com.salesbooking.workflows.booking.BookingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static com.salesbooking.store.StoreTestDatabase.ACME;
import static com.salesbooking.store.StoreTestDatabase.ANNA;
import static com.salesbooking.store.StoreTestDatabase.NICK;
import static org.assertj.core.api.Assertions.assertThat;

/** A booking's meeting and Outlook event rows: one of each, the first save wins, look-ups scoped as they say. */
class MeetingStoreTest {

    private static final Instant NOW = Instant.parse("2027-04-01T08:00:00Z");

    private static StoreTestDatabase db;
    private static MeetingStore store;

    @BeforeAll
    static void database() {
        db = new StoreTestDatabase();
        store = new MeetingStore(db.jdbc);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aRetriedSaveKeepsTheFirstMeetingAndEvent() {
        UUID booking = hold(ANNA, 1).id();

        store.saveZoomMeeting(booking, "zoom-1", "https://zoom.example/j/1", "https://zoom.example/s/1", NOW);
        store.saveZoomMeeting(booking, "zoom-2", "https://zoom.example/j/2", "https://zoom.example/s/2", NOW);
        store.saveCalendarEvent(booking, "anna", "event-1", "uid-1", "ck-1", NOW);
        store.saveCalendarEvent(booking, "anna", "event-2", "uid-2", "ck-2", NOW);

        assertThat(store.zoomMeetingId(booking)).contains("zoom-1");
        assertThat(store.calendarEvent(booking)).contains(new StoredEvent("anna", "event-1"));
        assertThat(store.hasCalendarEvent(booking)).isTrue();
    }

    @Test
    void aBookingWithNothingStoredHasNoMeetingAndNoEvent() {
        UUID booking = hold(ANNA, 2).id();

        assertThat(store.zoomMeetingId(booking)).isEmpty();
        assertThat(store.meetingId(booking)).isEmpty();
        assertThat(store.calendarEvent(booking)).isEmpty();
        assertThat(store.hasCalendarEvent(booking)).isFalse();
    }

    @Test
    void aTeamsMeetingIsNoZoomMeetingAndSurvivesAZoomDelete() {
        UUID booking = hold(ANNA, 3).id();
        store.saveTeamsMeeting(booking, "event-teams", "https://teams.example/j", NOW);

        store.deleteZoomMeeting(booking);

        assertThat(store.zoomMeetingId(booking)).isEmpty();
        assertThat(store.meetingId(booking)).contains("event-teams");
        store.deleteMeeting(booking);
        assertThat(store.meetingId(booking)).isEmpty();
    }

    @Test
    void aDeletedEventIsGoneAndAnUpdatedChangeKeyIsWhatAResyncComparesWith() {
        UUID kept = hold(NICK, 4).id();
        UUID deleted = hold(NICK, 5).id();
        store.saveCalendarEvent(kept, "nick", "event-kept", "uid-k", "ck-old", NOW);
        store.saveCalendarEvent(deleted, "nick", "event-deleted", "uid-d", "ck-d", NOW);
        db.status(kept, "confirmed");
        db.status(deleted, "confirmed");

        store.updateEtag(kept, "ck-new", NOW);
        store.deleteCalendarEvent(deleted);

        assertThat(store.calendarEvent(deleted)).isEmpty();
        assertThat(store.upcomingConfirmed(ACME, NICK, NOW))
                .contains(new WatchedEvent(kept, "nick", "event-kept", "ck-new"))
                .extracting(WatchedEvent::bookingId)
                .doesNotContain(deleted);
    }

    @Test
    void aResyncWatchesOnlyTheSalespersonsConfirmedBookingsNotYetOverEarliestFirst() {
        BookingRecord later = hold(ANNA, 30);
        BookingRecord earlier = hold(ANNA, 20);
        BookingRecord unconfirmed = hold(ANNA, 21);
        BookingRecord canceled = hold(ANNA, 22);
        BookingRecord nicks = hold(NICK, 23);
        for (BookingRecord b : new BookingRecord[] {later, earlier, unconfirmed, canceled, nicks}) {
            store.saveCalendarEvent(b.id(), "organizer", "event-" + b.id(), "uid", "ck", NOW);
        }
        for (BookingRecord b : new BookingRecord[] {later, earlier, nicks}) {
            db.status(b.id(), "confirmed");
        }
        db.status(canceled.id(), "canceled");

        // "now" between the earlier booking's end and the later one's: only the later one is still to come
        Instant between = earlier.endUtc().plus(Duration.ofMinutes(1));
        assertThat(store.upcomingConfirmed(ACME, ANNA, NOW))
                .extracting(WatchedEvent::bookingId)
                .containsSubsequence(earlier.id(), later.id())
                .doesNotContain(unconfirmed.id(), canceled.id(), nicks.id());
        assertThat(store.upcomingConfirmed(ACME, ANNA, between))
                .extracting(WatchedEvent::bookingId)
                .contains(later.id())
                .doesNotContain(earlier.id());
    }

    @Test
    void anEventIsTrackedOnlyForItsOwnTenantAndSalesperson() {
        BookingRecord b = hold(ANNA, 40);
        store.saveCalendarEvent(b.id(), "anna", "event-tracked", "uid-t", "ck-t", NOW);

        assertThat(store.trackedEvent("event-tracked", ACME, ANNA))
                .contains(new TrackedEvent(
                        b.id(), ACME, BookingStatus.HOLD, b.startUtc(), b.endUtc(), "anna", "event-tracked", "ck-t"));
        assertThat(store.trackedEvent("event-tracked", ACME, NICK)).isEmpty();
        assertThat(store.trackedEvent("event-tracked", UUID.randomUUID(), ANNA)).isEmpty();
        assertThat(store.trackedEvent("no-such-event", ACME, ANNA)).isEmpty();
    }

    @Test
    void theIntakeFindsTheRecordedChangeKeysOfABatchsEventsWithTheirSalesperson() {
        BookingRecord anna = hold(ANNA, 50);
        BookingRecord nick = hold(NICK, 51);
        store.saveCalendarEvent(anna.id(), "anna", "event-known-a", "uid-ka", "ck-a", NOW);
        store.saveCalendarEvent(nick.id(), "nick", "event-known-n", "uid-kn", "ck-n", NOW);
        store.updateEtag(nick.id(), "ck-n2", NOW);

        assertThat(store.knownEvents(java.util.Arrays.asList(
                        "event-known-a", "event-known-n", "no-such-event", null, "", "x".repeat(600))))
                .containsExactlyInAnyOrder(
                        new KnownEvent("event-known-a", ANNA, "ck-a"), new KnownEvent("event-known-n", NICK, "ck-n2"));
        assertThat(store.knownEvents(java.util.List.of())).isEmpty();
    }

    private static BookingRecord hold(UUID salesperson, int hourOffset) {
        return db.hold(salesperson, Instant.parse("2027-04-08T00:00:00Z").plus(Duration.ofHours(hourOffset)), NOW);
    }
}
