package com.salesbooking.providers.sandbox;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.mail.MailSender;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps "sent" emails for {@code GET /dev/outbox}; never used in production. */
public class SandboxMailbox implements MailSender {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

    /** An email as the outbox shows it. */
    public record SentMail(String from, String to, String subject, String body, List<String> links, Instant sentAt) {}

    private final List<SentMail> outbox = new CopyOnWriteArrayList<>();
    private final SandboxFaults faults;
    private final Clock clock;

    public SandboxMailbox(SandboxFaults faults, Clock clock) {
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public void send(ProviderTenant tenant, OutgoingMail mail) {
        faults.check("mail", "sendMail");
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(mail.textBody());
        while (m.find()) {
            links.add(m.group());
        }
        outbox.add(new SentMail(
                mail.fromMailbox(), mail.to(), mail.subject(), mail.textBody(), List.copyOf(links), clock.instant()));
        faults.answer("mail", "sendMail");
    }

    /** Newest first; {@code to} null for all. */
    public List<SentMail> outbox(String to) {
        return outbox.stream()
                .filter(m -> to == null || m.to().equalsIgnoreCase(to))
                .sorted(Comparator.comparing(SentMail::sentAt).reversed())
                .toList();
    }
}
