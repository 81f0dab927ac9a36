package com.salesbooking.providers.mail;

import com.salesbooking.providers.ProviderTenant;

/**
 * Sends email from the tenant's shared mailbox (Graph {@code users/{mailbox}/sendMail}). Throws
 * {@link com.salesbooking.providers.ProviderException} on failure.
 */
public interface MailSender {

    void send(ProviderTenant tenant, OutgoingMail mail);

    /**
     * @param fromMailbox the tenant's shared mailbox
     * @param to          recipient address
     * @param subject     subject line
     * @param textBody    plain-text body
     * @param htmlBody    HTML body
     */
    record OutgoingMail(String fromMailbox, String to, String subject, String textBody, String htmlBody) {}
}
