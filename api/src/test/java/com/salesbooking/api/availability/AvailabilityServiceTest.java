package com.salesbooking.api.availability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.store.availability.LiveBookings;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.WorkingHours;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.salesbooking.api.availability.TestDatabase.ANNA_BERLIN;
import static com.salesbooking.api.availability.TestDatabase.NICK_NEW_YORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service against the real embedded PostgreSQL (bookings written directly) and a fake Graph calendar.
 * Acme's defaults apply: 60-minute slots, 10-minute buffer, 120 minutes' notice, 60 days' advance,
 * Mon-Fri 09:00-17:00; Anna works in Europe/Berlin.
 */
class AvailabilityServiceTest {

    // a week before the Monday under test, so neither notice nor advance interferes
    static final Clock A_WEEK_BEFORE = Clock.fixed(Instant.parse("2027-03-22T06:00:00Z"), ZoneOffset.UTC);
    // Monday 2027-03-29, Berlin summer time (+02:00): 09:00 local is 07:00Z
    static final LocalDate MONDAY = LocalDate.parse("2027-03-29");
    static final List<Instant> ALL_MONDAY_SLOTS = List.of(
            Instant.parse("2027-03-29T07:00:00Z"), Instant.parse("2027-03-29T08:00:00Z"),
            Instant.parse("2027-03-29T09:00:00Z"), Instant.parse("2027-03-29T10:00:00Z"),
            Instant.parse("2027-03-29T11:00:00Z"), Instant.parse("2027-03-29T12:00:00Z"),
            Instant.parse("2027-03-29T13:00:00Z"), Instant.parse("2027-03-29T14:00:00Z"));

    static final UUID GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000001");

    static TestDatabase db;
    static Tenant acme;
    static Salesperson anna;

    FakeCalendar calendar;
    AtomicLong tickerNanos;
    AvailabilityService service;

    @BeforeAll
    static void database() {
        // 100 concurrent clients share these; more connections would only slow the start
        db = TestDatabase.create(10);
        acme = db.acme();
        anna = db.salesperson(ANNA_BERLIN);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void freshServiceAndNoBookings() {
        db.deleteBookings();
        calendar = new FakeCalendar();
        tickerNanos = new AtomicLong();
        service = service(A_WEEK_BEFORE);
    }

    AvailabilityService service(Clock clock) {
        return new AvailabilityService(
                calendar,
                new LiveBookings(db.jdbc),
                db.directory,
                clock,
                AvailabilityProperties.defaults(),
                tickerNanos::get);
    }

    static Instant at(String utc) {
        return Instant.parse(utc);
    }

    List<Instant> mondayStarts() {
        return service.availability(acme, anna, MONDAY).slots().stream()
                .map(Slot::startAt)
                .toList();
    }

    @Nested
    class BusyTimesAndBookings {

        @Test
        void aGraphEventFrom1005To1020RemovesThe10OClockSlotAndThroughTheBufferThe9OClockSlotButNot11() {
            calendar.addBusy(at("2027-03-29T08:05:00Z"), at("2027-03-29T08:20:00Z"));

            assertThat(mondayStarts())
                    .containsExactly(
                            at("2027-03-29T09:00:00Z"),
                            at("2027-03-29T10:00:00Z"),
                            at("2027-03-29T11:00:00Z"),
                            at("2027-03-29T12:00:00Z"),
                            at("2027-03-29T13:00:00Z"),
                            at("2027-03-29T14:00:00Z"));
        }

        @Test
        void aConfirmedBookingFrom13To14RemovesItsSlotAndThe12And14OClockSlots() {
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T11:00:00Z"), at("2027-03-29T12:00:00Z"), "confirmed");

            assertThat(mondayStarts())
                    .containsExactly(
                            at("2027-03-29T07:00:00Z"),
                            at("2027-03-29T08:00:00Z"),
                            at("2027-03-29T09:00:00Z"),
                            at("2027-03-29T13:00:00Z"),
                            at("2027-03-29T14:00:00Z"));
        }

        @Test
        void aHoldRemovesItsSlotAtOnceEvenWithBusyTimesCachedAndItsExpiryRestoresIt() {
            assertThat(mondayStarts()).isEqualTo(ALL_MONDAY_SLOTS);

            UUID hold = db.insertBooking(ANNA_BERLIN, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z"), "hold");
            assertThat(mondayStarts())
                    .containsExactly(
                            at("2027-03-29T07:00:00Z"),
                            at("2027-03-29T11:00:00Z"),
                            at("2027-03-29T12:00:00Z"),
                            at("2027-03-29T13:00:00Z"),
                            at("2027-03-29T14:00:00Z"));

            db.setStatus(hold, "expired");
            assertThat(mondayStarts()).isEqualTo(ALL_MONDAY_SLOTS);
            assertThat(calendar.busyCalls())
                    .as("Graph read once; bookings read live")
                    .isEqualTo(1);
        }

        @Test
        void pendingVerifyBlocksLikeAHoldWhileCanceledAndExpiredBookingsBlockNothing() {
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T07:00:00Z"), at("2027-03-29T08:00:00Z"), "pending_verify");
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T12:00:00Z"), at("2027-03-29T13:00:00Z"), "expired");
            UUID canceled = db.insertBooking(
                    ANNA_BERLIN, at("2027-03-29T13:00:00Z"), at("2027-03-29T14:00:00Z"), "pending_verify");
            db.jdbc
                    .sql("UPDATE bookings SET status = 'canceled', canceled_at = now() WHERE id = ?")
                    .param(canceled)
                    .update();

            assertThat(mondayStarts())
                    .containsExactly(
                            at("2027-03-29T09:00:00Z"),
                            at("2027-03-29T10:00:00Z"),
                            at("2027-03-29T11:00:00Z"),
                            at("2027-03-29T12:00:00Z"),
                            at("2027-03-29T13:00:00Z"),
                            at("2027-03-29T14:00:00Z"));
        }

        @Test
        void anotherSalespersonsBookingDoesNotBlockAnna() {
            db.insertBooking(NICK_NEW_YORK, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z"), "confirmed");

            assertThat(mondayStarts()).isEqualTo(ALL_MONDAY_SLOTS);
        }

        @Test
        void aDateOutsideTheBookableWindowGivesNoSlotsWithoutCallingGraph() {
            assertThat(service.availability(acme, anna, LocalDate.parse("2027-03-19"))
                            .slots())
                    .isEmpty();
            assertThat(service.availability(acme, anna, LocalDate.parse("2027-05-24"))
                            .slots())
                    .isEmpty();
            assertThat(service.availability(acme, anna, LocalDate.parse("2027-03-27"))
                            .slots())
                    .as("Saturday")
                    .isEmpty();
            assertThat(calendar.busyCalls()).isZero();
        }

        @Test
        void theDayIsReportedInTheSalespersonsTimezone() {
            DayAvailability day = service.availability(acme, anna, MONDAY);

            assertThat(day.timezone().getId()).isEqualTo("Europe/Berlin");
            assertThat(day.date()).isEqualTo(MONDAY);
            assertThat(day.slots().get(0).startLocal().toString()).isEqualTo("2027-03-29T09:00+02:00");
        }
    }

    @Nested
    class BusyTimeCache {

        @Test
        void oneHundredConcurrentRequestsOnAColdCacheMakeExactlyOneGraphCall() throws Exception {
            int clients = 100;
            FakeCalendar.Gate gate = calendar.closeGate();
            List<Thread> threads = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
                Thread t = new Thread(r, "client-" + threads.size());
                threads.add(t);
                return t;
            });
            CountDownLatch arrived = new CountDownLatch(clients);
            List<Future<DayAvailability>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    answers.add(pool.submit(() -> {
                        arrived.countDown();
                        return service.availability(acme, anna, MONDAY);
                    }));
                }
                Thread loader = gate.awaitEntered();
                assertThat(arrived.await(FakeCalendar.WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS))
                        .isTrue();
                awaitParked(threads, loader);
                gate.open();

                List<DayAvailability> days = new ArrayList<>();
                for (Future<DayAvailability> answer : answers) {
                    days.add(answer.get(FakeCalendar.WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS));
                }
                assertThat(calendar.busyCalls()).isEqualTo(1);
                assertThat(days)
                        .hasSize(clients)
                        .allSatisfy(day -> assertThat(day).isEqualTo(days.get(0)));
                assertThat(days.get(0).slots()).hasSize(8);
            } finally {
                pool.shutdownNow();
            }
        }

        /**
         * Waits (without sleeping) until every client but the loader is parked, i.e. waiting for the loader's
         * answer: past the arrival latch they only compute and then join the cache's future.
         */
        private void awaitParked(List<Thread> threads, Thread loader) {
            long deadline = System.nanoTime() + FakeCalendar.WAIT_BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                boolean allParked =
                        threads.stream().filter(t -> t != loader).allMatch(t -> t.getState() == Thread.State.WAITING);
                if (allParked) {
                    return;
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("the clients did not all wait for the one Graph call");
        }

        @Test
        void busyTimesAreReusedWithinTheTtlAndFetchedAgainAfterIt() {
            service.availability(acme, anna, MONDAY);
            tickerNanos.set(Duration.ofSeconds(44).toNanos());
            service.availability(acme, anna, MONDAY);
            assertThat(calendar.busyCalls()).isEqualTo(1);

            tickerNanos.set(Duration.ofSeconds(45).plusMillis(1).toNanos());
            service.availability(acme, anna, MONDAY);
            assertThat(calendar.busyCalls()).isEqualTo(2);
        }

        @Test
        void eachDateIsCachedOnItsOwn() {
            service.availability(acme, anna, MONDAY);
            service.availability(acme, anna, MONDAY.plusDays(1));
            service.availability(acme, anna, MONDAY.plusDays(1));

            assertThat(calendar.busyCalls()).isEqualTo(2);
        }

        @Test
        void invalidateDropsEveryCachedDayOfThatSalespersonOnly() {
            Salesperson nick = db.salesperson(NICK_NEW_YORK);
            service.availability(acme, anna, MONDAY);
            service.availability(acme, anna, MONDAY.plusDays(1));
            service.availability(acme, nick, MONDAY);
            assertThat(calendar.busyCalls()).isEqualTo(3);

            service.invalidate(acme.id(), anna.id());
            service.availability(acme, anna, MONDAY);
            service.availability(acme, anna, MONDAY.plusDays(1));
            service.availability(acme, nick, MONDAY);

            assertThat(calendar.busyCalls()).isEqualTo(5);
        }

        @Test
        void invalidateNamingAnotherTenantKeepsTheSalespersonsCachedDays() {
            service.availability(acme, anna, MONDAY);

            service.invalidate(GLOBEX, anna.id());
            service.availability(acme, anna, MONDAY);

            assertThat(calendar.busyCalls()).isEqualTo(1);
        }

        @Test
        void invalidateTenantDropsTheCachedDaysOfEveryOneOfItsSalespersonsAndNoOtherTenantsDoes() {
            Salesperson nick = db.salesperson(NICK_NEW_YORK);
            service.availability(acme, anna, MONDAY);
            service.availability(acme, nick, MONDAY);

            service.invalidateTenant(GLOBEX);
            service.availability(acme, anna, MONDAY);
            service.availability(acme, nick, MONDAY);
            assertThat(calendar.busyCalls()).isEqualTo(2);

            service.invalidateTenant(acme.id());
            service.availability(acme, anna, MONDAY);
            service.availability(acme, nick, MONDAY);
            assertThat(calendar.busyCalls()).isEqualTo(4);
        }

        @Test
        void aChangeNotifiedWhileGraphIsBeingReadIsNotHiddenByThatOlderAnswer() throws Exception {
            FakeCalendar.Gate gate = calendar.closeGate();
            CompletableFuture<DayAvailability> before =
                    CompletableFuture.supplyAsync(() -> service.availability(acme, anna, MONDAY));
            gate.awaitEntered();

            // the salesperson adds an event and Graph notifies us while the first read is still running
            calendar.addBusy(at("2027-03-29T08:05:00Z"), at("2027-03-29T08:20:00Z"));
            service.invalidate(acme.id(), anna.id());
            gate.open();
            assertThat(before.get(FakeCalendar.WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)
                            .slots())
                    .as("the read that started before the change")
                    .extracting(Slot::startAt)
                    .contains(at("2027-03-29T08:00:00Z"));

            assertThat(mondayStarts()).doesNotContain(at("2027-03-29T08:00:00Z"));
            assertThat(calendar.busyCalls()).isEqualTo(2);
        }

        @Test
        void aGraphFailureIsProviderUnavailableAndIsNotCached() {
            calendar.failNextCall(ProviderException.retryable("graph", "busyTimes", "HTTP 503 from Graph"));

            assertThatThrownBy(() -> service.availability(acme, anna, MONDAY))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));

            assertThat(mondayStarts()).isEqualTo(ALL_MONDAY_SLOTS);
            assertThat(calendar.busyCalls()).isEqualTo(2);
        }

        @Test
        void anUnexpectedExceptionFromTheCalendarIsAlsoProviderUnavailable() {
            calendar.failNextCall(new IllegalStateException("socket closed"));

            assertThatThrownBy(() -> service.availability(acme, anna, MONDAY))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }

        @Test
        void aFailedCallIsLoggedWithItsKindAndHttpStatusButNeverTheProvidersMessage() {
            ch.qos.logback.classic.Logger serviceLog =
                    (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AvailabilityService.class);
            ListAppender<ILoggingEvent> lines = new ListAppender<>();
            lines.start();
            serviceLog.addAppender(lines);
            try {
                calendar.failNextCall(new ProviderException(
                        "graph",
                        "busyTimes",
                        ProviderException.Kind.RETRYABLE,
                        429,
                        null,
                        "throttled for anna@acme.example",
                        null));
                assertThatThrownBy(() -> service.availability(acme, anna, MONDAY))
                        .isInstanceOf(ApiException.class);
                calendar.failNextCall(
                        ProviderException.nonRetryable("graph", "busyTimes", "no mailbox anna@acme.example"));
                assertThatThrownBy(() -> service.availability(acme, anna, MONDAY))
                        .isInstanceOf(ApiException.class);
                calendar.failNextCall(new IllegalStateException("socket closed"));
                assertThatThrownBy(() -> service.availability(acme, anna, MONDAY))
                        .isInstanceOf(ApiException.class);
            } finally {
                serviceLog.detachAppender(lines);
            }

            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly(
                            "calendar busy times failed for tenant " + acme.id() + " salesperson " + anna.id()
                                    + ": ProviderException (RETRYABLE, HTTP 429)",
                            "calendar busy times failed for tenant " + acme.id() + " salesperson " + anna.id()
                                    + ": ProviderException (NON_RETRYABLE)",
                            "calendar busy times failed for tenant " + acme.id() + " salesperson " + anna.id()
                                    + ": IllegalStateException");
        }

        @Test
        void theProvidersRetryAfterIsPassedOn() {
            calendar.failNextCall(new ProviderException(
                    "graph",
                    "busyTimes",
                    ProviderException.Kind.RETRYABLE,
                    429,
                    Duration.ofSeconds(7),
                    "throttled",
                    null));

            assertThatThrownBy(() -> service.availability(acme, anna, MONDAY))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        }
    }

    @Nested
    class HoldCheck {

        @Test
        void everySlotTheDayOffersIsOfferedAndNoOtherCandidateIs() {
            calendar.addBusy(at("2027-03-29T08:05:00Z"), at("2027-03-29T08:20:00Z"));
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T11:00:00Z"), at("2027-03-29T12:00:00Z"), "confirmed");
            List<Slot> offered = service.availability(acme, anna, MONDAY).slots();

            for (Instant start : ALL_MONDAY_SLOTS) {
                boolean listed = offered.stream().anyMatch(s -> s.startAt().equals(start));
                assertThat(service.check(acme, anna, start, start.plus(Duration.ofHours(1))) == SlotCheck.OFFERED)
                        .as("slot at %s", start)
                        .isEqualTo(listed);
            }
        }

        @Test
        void aSlotOverlappingAnActiveBookingIsTakenWithoutAskingGraph() {
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z"), "hold");
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T12:30:00Z"), at("2027-03-29T12:45:00Z"), "confirmed");

            assertThat(service.check(acme, anna, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z")))
                    .isEqualTo(SlotCheck.TAKEN);
            assertThat(service.check(acme, anna, at("2027-03-29T12:00:00Z"), at("2027-03-29T13:00:00Z")))
                    .isEqualTo(SlotCheck.TAKEN);
            assertThat(calendar.busyCalls()).isZero();
        }

        @Test
        void aSlotInsideAnotherBookingsBufferOrBusyInGraphIsUnavailable() {
            db.insertBooking(ANNA_BERLIN, at("2027-03-29T11:00:00Z"), at("2027-03-29T12:00:00Z"), "confirmed");
            calendar.addBusy(at("2027-03-29T08:05:00Z"), at("2027-03-29T08:20:00Z"));

            assertThat(service.check(acme, anna, at("2027-03-29T10:00:00Z"), at("2027-03-29T11:00:00Z")))
                    .as("buffer before the booking")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T12:00:00Z"), at("2027-03-29T13:00:00Z")))
                    .as("buffer after the booking")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T08:00:00Z"), at("2027-03-29T09:00:00Z")))
                    .as("busy in Graph")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T07:00:00Z"), at("2027-03-29T08:00:00Z")))
                    .as("Graph event's buffer")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z")))
                    .isEqualTo(SlotCheck.OFFERED);
        }

        @Test
        void anIntervalThatIsNotASlotOfTheDaysGridIsUnavailable() {
            assertThat(service.check(acme, anna, at("2027-03-29T08:30:00Z"), at("2027-03-29T09:30:00Z")))
                    .as("off the grid")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T08:00:00Z"), at("2027-03-29T08:30:00Z")))
                    .as("not the slot length")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T15:00:00Z"), at("2027-03-29T16:00:00Z")))
                    .as("after working hours")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-27T08:00:00Z"), at("2027-03-27T09:00:00Z")))
                    .as("Saturday")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(calendar.busyCalls()).isZero();
        }

        @Test
        void anIntervalEndingWhereASlotEndsButStartingElsewhereIsUnavailable() {
            assertThat(service.check(acme, anna, at("2027-03-29T08:30:00Z"), at("2027-03-29T09:00:00Z")))
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(service.check(acme, anna, at("2027-03-29T08:00:00Z"), at("2027-03-29T09:00:00Z")))
                    .isEqualTo(SlotCheck.OFFERED);
        }

        @Test
        void slotsInThePastBeforeTheNoticeOrBeyondTheAdvanceAreUnavailable() {
            AvailabilityService mondayNineThirty =
                    service(Clock.fixed(Instant.parse("2027-03-29T07:30:00Z"), ZoneOffset.UTC));

            assertThat(mondayNineThirty.check(acme, anna, at("2027-03-26T08:00:00Z"), at("2027-03-26T09:00:00Z")))
                    .as("last Friday")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(mondayNineThirty.check(acme, anna, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z")))
                    .as("11:00, inside the 120 minutes' notice")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
            assertThat(mondayNineThirty.check(acme, anna, at("2027-03-29T10:00:00Z"), at("2027-03-29T11:00:00Z")))
                    .as("12:00")
                    .isEqualTo(SlotCheck.OFFERED);
            assertThat(mondayNineThirty.check(acme, anna, at("2027-05-31T07:00:00Z"), at("2027-05-31T08:00:00Z")))
                    .as("63 days ahead")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
        }

        @Test
        void onTheFallBackDayOnlyTheEarlierOffsetReadingOfTheRepeatedHourIsASlot() {
            Salesperson nightOwl = new Salesperson(
                    anna.id(),
                    anna.tenantId(),
                    anna.graphUserId(),
                    anna.displayName(),
                    anna.email(),
                    anna.timezone(),
                    true,
                    WorkingHours.parse(Map.of("sun", List.of("00:00-06:00"))));
            AvailabilityService october = service(Clock.fixed(Instant.parse("2027-10-01T00:00:00Z"), ZoneOffset.UTC));

            assertThat(october.check(acme, nightOwl, at("2027-10-31T00:00:00Z"), at("2027-10-31T01:00:00Z")))
                    .as("02:00+02:00")
                    .isEqualTo(SlotCheck.OFFERED);
            assertThat(october.check(acme, nightOwl, at("2027-10-31T01:00:00Z"), at("2027-10-31T02:00:00Z")))
                    .as("02:00+01:00")
                    .isEqualTo(SlotCheck.UNAVAILABLE);
        }

        @Test
        void aGraphFailureDuringTheCheckIsProviderUnavailable() {
            calendar.failNextCall(ProviderException.retryable("graph", "busyTimes", "timeout"));

            assertThatThrownBy(() -> service.check(acme, anna, at("2027-03-29T09:00:00Z"), at("2027-03-29T10:00:00Z")))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }
    }
}
