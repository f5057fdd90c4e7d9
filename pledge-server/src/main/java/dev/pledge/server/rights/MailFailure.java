package dev.pledge.server.rights;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Why an e-mail to a requester was not sent, as a short code that never carries the address or the
 * server's words (both may quote the address), and whether trying again can help: a 5xx reply or an
 * address that cannot be written to will fail the same way every time; a 4xx reply, a refused
 * connection or a login problem may pass later.
 *
 * @param code {@code smtp-550}, {@code invalid-address}, {@code rejected-address}, {@code
 *     smtp-login} or the exception's simple name
 * @param permanent true when trying again cannot help
 */
record MailFailure(String code, boolean permanent) {

  static MailFailure of(MailException e) {
    if (e instanceof MailParseException || e instanceof MailPreparationException) {
      return new MailFailure("invalid-address", true);
    }
    if (e instanceof MailAuthenticationException) {
      return new MailFailure("smtp-login", false);
    }
    boolean rejectedAddress = false;
    for (Throwable t : causes(e)) {
      if (t instanceof AddressException) {
        return new MailFailure("invalid-address", true);
      }
      int code = replyCode(t);
      if (code >= 500 && code < 600) {
        return new MailFailure("smtp-" + code, true);
      }
      if (code >= 400 && code < 500) {
        return new MailFailure("smtp-" + code, false);
      }
      if (t instanceof SendFailedException sfe
          && sfe.getInvalidAddresses() != null
          && sfe.getInvalidAddresses().length > 0) {
        rejectedAddress = true;
      }
    }
    return rejectedAddress
        ? new MailFailure("rejected-address", true)
        : new MailFailure(e.getClass().getSimpleName(), false);
  }

  /** What a code means, for the operator; never more than the code itself says. */
  static String explain(String code) {
    if (code == null) {
      return "";
    }
    if (code.equals("invalid-address")) {
      return "the address cannot be written to";
    }
    if (code.equals("rejected-address")) {
      return "the mail server refused the address";
    }
    if (code.equals("no-recipient")) {
      return "there is no address to send it to";
    }
    if (code.equals("smtp-login")) {
      return "Pledge could not log in to its mail server";
    }
    if (code.matches("smtp-5\\d\\d")) {
      return "refused for good by the mail server (SMTP " + code.substring(5) + ")";
    }
    if (code.matches("smtp-4\\d\\d")) {
      return "refused for now by the mail server (SMTP " + code.substring(5) + ")";
    }
    return "the mail server could not be reached (" + code + ")";
  }

  private static int replyCode(Throwable t) {
    if (t instanceof SMTPAddressFailedException f) {
      return f.getReturnCode();
    }
    if (t instanceof SMTPSendFailedException f) {
      return f.getReturnCode();
    }
    return -1;
  }

  /** Every exception inside {@code e}: causes, JavaMail's chained ones and Spring's per message. */
  private static Iterable<Throwable> causes(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> todo = new ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.removeFirst();
      if (!seen.add(t)) {
        continue;
      }
      List<Throwable> inner = new ArrayList<>();
      inner.add(t.getCause());
      if (t instanceof MessagingException m) {
        inner.add(m.getNextException());
      }
      if (t instanceof MailSendException s) {
        inner.addAll(List.of(s.getMessageExceptions()));
      }
      inner.stream().filter(Objects::nonNull).forEach(todo::add);
    }
    return seen;
  }
}
