package com.salesbooking.workflows.booking;

import io.temporal.activity.ActivityInterface;

import java.util.UUID;

/**
 * Emails from the tenant's shared mailbox. The activity reads the addresses and builds the tokens
 * itself, so no email address, name or token ever passes through a workflow. Sending twice sends two
 * emails: the retry policy is short for that reason.
 */
@ActivityInterface
public interface NotificationActivities {

    /** The verification link ({@code ${BASE_URL}/verify?token=...}) to the customer. */
    void sendVerificationEmail(UUID bookingId);

    /** Confirmation with join URL and the manage link ({@code ${BASE_URL}/manage?token=...}). */
    void sendConfirmationEmail(UUID bookingId);

    /** The booking was canceled (by the customer, a reschedule or the salesperson). */
    void sendCancellationEmail(UUID bookingId);

    /** The salesperson moved the meeting: new time to the customer. */
    void sendRescheduledBySalespersonEmail(UUID bookingId);

    /** The salesperson's move collided with another booking: tell the salesperson it was not applied. */
    void sendMoveConflictEmail(UUID bookingId);
}
