package com.salesbooking.activities.notification;

import com.salesbooking.activities.SweepHeartbeat;
import com.salesbooking.store.notification.ConfirmationEmails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends the confirmation emails still owed: the email activity gave up (mail provider down), its worker died, or
 * the customer asked for the email again. Like the compensation retrier: a doubling back-off (2 minutes up to 6
 * hours), abandoned visibly after {@value #MAX_ATTEMPTS} attempts.
 */
@Component
public class ConfirmationEmailRetrier {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationEmailRetrier.class);

    /** About two days of doubling back-off, as for compensations: longer than any mail outage we expect. */
    static final int MAX_ATTEMPTS = 12;

    static final Duration FIRST_BACKOFF = Duration.ofMinutes(2);
    static final Duration MAX_BACKOFF = Duration.ofHours(6);
    /** Bounded work per sweep round. */
    static final int BATCH = 50;

    private final ConfirmationEmails emails;
    private final NotificationActivitiesImpl notifications;
    private final Clock clock;

    public ConfirmationEmailRetrier(ConfirmationEmails emails, NotificationActivitiesImpl notifications, Clock clock) {
        this.emails = emails;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** Sends each due email once; returns how many went out. */
    public int sendDue() {
        Instant now = clock.instant();
        int sent = 0;
        for (ConfirmationEmails.Job job : emails.due(now, BATCH)) {
            // outside the try below: a sweep Temporal gave up on stops here, before it sends another email
            SweepHeartbeat.beat();
            if (!"confirmed".equals(job.bookingStatus())) {
                emails.markObsolete(job.id(), now);
                continue;
            }
            try {
                // marks every pending email of the booking sent
                notifications.sendConfirmationEmail(job.bookingId());
                sent++;
                log.info(
                        "confirmation email sent by the sweeper booking={} tenant={}", job.bookingId(), job.tenantId());
            } catch (RuntimeException e) {
                int attempts = job.attempts() + 1;
                boolean abandoned = attempts >= MAX_ATTEMPTS;
                emails.markFailed(
                        job.id(),
                        attempts,
                        abandoned,
                        now.plus(backoff(attempts)),
                        e.getClass().getSimpleName(),
                        now);
                if (abandoned) {
                    log.error(
                            "confirmation email abandoned after {} attempts booking={} tenant={}",
                            attempts,
                            job.bookingId(),
                            job.tenantId());
                }
            }
        }
        return sent;
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
