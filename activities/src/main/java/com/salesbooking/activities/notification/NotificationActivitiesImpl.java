package com.salesbooking.activities.notification;

import com.salesbooking.activities.meeting.ProviderFailures;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.token.TokenService;
import com.salesbooking.providers.ProviderException;
import com.salesbooking.providers.mail.MailSender;
import com.salesbooking.store.booking.BookingDetails;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.notification.ConfirmationEmails;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.workflows.booking.BookingWorkflow;
import com.salesbooking.workflows.booking.NotificationActivities;
import io.temporal.failure.ApplicationFailure;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** Composes and sends the customer's and salesperson's emails; tokens are minted here, at the last moment. */
@Component
public class NotificationActivitiesImpl implements NotificationActivities {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private final BookingDetails details;
    private final BookingStore bookings;
    private final TokenService tokens;
    private final MailSender mail;
    private final BookingProperties properties;
    private final Clock clock;

    private final ConfirmationEmails confirmationEmails;

    public NotificationActivitiesImpl(
            BookingDetails details,
            BookingStore bookings,
            TokenService tokens,
            MailSender mail,
            BookingProperties properties,
            Clock clock,
            ConfirmationEmails confirmationEmails) {
        this.confirmationEmails = confirmationEmails;
        this.details = details;
        this.bookings = bookings;
        this.tokens = tokens;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void sendVerificationEmail(UUID bookingId) {
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        if (b.verifyTokenJti() == null || b.verifyTokenExpiresAt() == null) {
            throw ApplicationFailure.newNonRetryableFailure("booking has no verify token", "NoVerifyToken");
        }
        String token = tokens.issue(
                TokenService.VERIFY, b.tenantId(), bookingId, b.verifyTokenJti(), b.verifyTokenExpiresAt());
        String link = baseUrl(c.tenant()) + "/verify?token=" + url(token);
        String when = when(b.startUtc(), displayZone(c));
        send(
                c,
                c.customer().email(),
                "Confirm your meeting with " + c.tenant().name(),
                "Please confirm your meeting with " + c.salesperson().displayName() + " on " + when + ".\n\n"
                        + "Confirm here: " + link + "\n\n"
                        + "The link works until " + when(b.verifyTokenExpiresAt(), displayZone(c))
                        + "; after that the slot is released.\n");
    }

    @Override
    public void sendConfirmationEmail(UUID bookingId) {
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        String joinUrl = bookings.joinUrl(bookingId).orElse("(sent with the calendar invitation)");
        String manage = manageLine(c);
        send(
                c,
                c.customer().email(),
                "Your meeting with " + c.tenant().name() + " is confirmed",
                "Your meeting with " + c.salesperson().displayName() + " is confirmed for "
                        + when(b.startUtc(), displayZone(c)) + ".\n\nJoin: " + joinUrl + "\n\n" + manage);
        // the outbox row the confirmation wrote is settled; the sweeper would otherwise send it again
        confirmationEmails.markSent(bookingId, clock.instant());
    }

    /**
     * The manage link, minted for the booking's current times (after a salesperson's move it is valid until the new
     * end, and names the new deadline), or why there is none.
     */
    private String manageLine(BookingDetails.Context c) {
        var b = c.booking();
        Instant deadline = BookingWorkflow.customerChangeDeadline(b.startUtc());
        if (b.manageTokenJti() != null && clock.instant().isBefore(deadline)) {
            // the link shows the booking (and its join link) until the meeting ends; cancelling and rescheduling
            // close at the deadline, which the api checks on each change
            String token = tokens.issue(TokenService.MANAGE, b.tenantId(), b.id(), b.manageTokenJti(), b.endUtc());
            return "Your booking (cancel or reschedule until " + when(deadline, displayZone(c)) + "): "
                    + baseUrl(c.tenant()) + "/manage?token=" + url(token) + "\n";
        }
        return "The meeting is less than 24 hours away, so it can no longer be changed online.\n";
    }

    @Override
    public void sendCancellationEmail(UUID bookingId) {
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        String why = switch (b.cancelReason() == null ? "" : b.cancelReason()) {
            case "rescheduled" -> "You moved it to a new time; please confirm the new time with the link we sent.";
            case "outlook_deleted" -> c.salesperson().displayName() + " had to cancel it. Please book another time.";
            default -> "It was canceled as you asked.";
        };
        send(
                c,
                c.customer().email(),
                "Your meeting with " + c.tenant().name() + " was canceled",
                "Your meeting on " + when(b.startUtc(), displayZone(c)) + " was canceled. " + why + "\n");
    }

    @Override
    public void sendRescheduledBySalespersonEmail(UUID bookingId) {
        BookingDetails.Context c = details.load(bookingId);
        var b = c.booking();
        send(
                c,
                c.customer().email(),
                "Your meeting with " + c.tenant().name() + " has a new time",
                c.salesperson().displayName() + " moved your meeting to " + when(b.startUtc(), displayZone(c))
                        + ".\n\nJoin: " + bookings.joinUrl(bookingId).orElse("(see the calendar invitation)") + "\n\n"
                        + manageLine(c));
    }

    @Override
    public void sendMoveConflictEmail(UUID bookingId) {
        BookingDetails.Context c = details.load(bookingId);
        if (c.salesperson().email() == null) {
            return;
        }
        var b = c.booking();
        send(
                c,
                c.salesperson().email(),
                "Your move of booking " + bookingId + " was not applied",
                "You moved the Outlook event of booking " + bookingId
                        + ", but the new time collides with another booking. "
                        + "The booking keeps its time, "
                        + when(b.startUtc(), c.salesperson().timezone())
                        + ". Please move the event back or contact the customer.\n");
    }

    private void send(BookingDetails.Context c, String to, String subject, String text) {
        String html = "<html><body><p>"
                + escape(text).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p></body></html>";
        try {
            mail.send(
                    c.tenant().providerTenant(),
                    new MailSender.OutgoingMail(c.tenant().sharedMailbox(), to, subject, text, html));
        } catch (ProviderException e) {
            throw ProviderFailures.toFailure(e);
        }
    }

    private String baseUrl(Tenant tenant) {
        String base = tenant.bookingPageBaseUrl() != null
                        && !tenant.bookingPageBaseUrl().isBlank()
                ? tenant.bookingPageBaseUrl()
                : properties.baseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static ZoneId displayZone(BookingDetails.Context c) {
        return c.salesperson().timezone() != null
                ? c.salesperson().timezone()
                : c.tenant().defaultTimezone();
    }

    private static String when(Instant instant, ZoneId zone) {
        return WHEN.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
