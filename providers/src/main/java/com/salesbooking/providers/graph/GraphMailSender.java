package com.salesbooking.providers.graph;

import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.mail.MailSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Mail from the tenant's shared mailbox through Graph {@code users/{mailbox}/sendMail}. A Graph message has
 * one body: the HTML version is sent and the plain-text version is used only when there is no HTML
 * (Exchange derives the text/plain alternative of an HTML message itself). Nothing is kept in Sent Items.
 */
public final class GraphMailSender implements MailSender {

    private static final Logger log = LoggerFactory.getLogger(GraphMailSender.class);

    private final GraphExecutor graph;

    public GraphMailSender(GraphClientFactory clients, MailboxLimiter limiter, Clock clock) {
        this.graph = new GraphExecutor(clients, limiter, clock);
    }

    @Override
    public void send(ProviderTenant tenant, OutgoingMail mail) {
        ItemBody body = new ItemBody();
        boolean html = mail.htmlBody() != null && !mail.htmlBody().isBlank();
        body.setContentType(html ? BodyType.Html : BodyType.Text);
        body.setContent(html ? mail.htmlBody() : mail.textBody());

        EmailAddress address = new EmailAddress();
        address.setAddress(mail.to());
        Recipient recipient = new Recipient();
        recipient.setEmailAddress(address);

        Message message = new Message();
        message.setSubject(mail.subject());
        message.setBody(body);
        message.setToRecipients(List.of(recipient));

        SendMailPostRequestBody request = new SendMailPostRequestBody();
        request.setMessage(message);
        // the mailbox is a shared sender address: copies in Sent Items would only fill it up
        request.setSaveToSentItems(false);

        graph.onMailboxRun(
                tenant,
                mail.fromMailbox(),
                "sendMail",
                client -> client.users().byUserId(mail.fromMailbox()).sendMail().post(request));
        // neither subject nor recipient: both may identify the customer
        log.info("mail sent from {} (tenant {})", mail.fromMailbox(), tenant.slug());
    }
}
