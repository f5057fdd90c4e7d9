package dev.pledge.server.incidents;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Mail to the operators (escalations) and to the regulator, sent at once: a deadline warning or a
 * notice the operator is waiting on must not sit in a queue, and a failure must be seen where it
 * happened. Operators have no address in Pledge, so escalations go to {@code
 * pledge.incidents.operator-address} (by default the rights requests' one).
 */
@Component
class IncidentMail {

  private static final Logger log = LoggerFactory.getLogger(IncidentMail.class);

  private final ObjectProvider<JavaMailSender> mail;
  private final String operatorAddress;

  IncidentMail(
      ObjectProvider<JavaMailSender> mail,
      @Value("${pledge.incidents.operator-address:${pledge.rights.operator-address:}}")
          String operatorAddress) {
    this.mail = mail;
    this.operatorAddress = operatorAddress.strip();
    if (this.operatorAddress.isEmpty()) {
      log.info(
          "pledge.incidents.operator-address is not set: operators get no e-mail escalations of"
              + " breach deadlines");
    }
  }

  Optional<String> operatorAddress() {
    return operatorAddress.isEmpty() ? Optional.empty() : Optional.of(operatorAddress);
  }

  /** Sends one plain-text message; an input error the operator sees when it cannot go out. */
  void send(String to, String from, String subject, String body) {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      throw new IncidentInputException(
          "mail", "No mail server is configured (spring.mail.host): the notice was not sent.");
    }
    SimpleMailMessage m = new SimpleMailMessage();
    m.setTo(to);
    m.setFrom(from);
    m.setSubject(subject);
    m.setText(body);
    try {
      sender.send(m);
    } catch (MailException e) {
      log.warn("incident mail '{}' not sent: {}", subject, e.getClass().getSimpleName());
      throw new IncidentInputException(
          "mail", "The mail server did not take the message; nothing was recorded. Try again.");
    }
  }
}
