package dev.pledge.server.contacts;

import dev.pledge.policy.Contact;
import dev.pledge.policy.ResponseTimes;
import dev.pledge.policy.Timeframe;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.RequestQuery;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where each published contact's mail and forms go, reusing the intakes that exist rather than a
 * new one: the privacy, DPO, legal and compliance addresses reach the rights requests' queue (the
 * privacy mailbox's intake makes each message a tracked request or inquiry, due by the policy's
 * response times); the support address reaches the support tickets (its form; its mail that is no
 * ticket reply joins the contact messages); an editorial or security address reaches the contact
 * messages ({@link ContactMessages}): each message the privacy mailbox leaves as mail, tracked with
 * the policy's clock (urgent for security) until an operator answers it. A role no queue takes
 * would be shown plainly as reaching none — {@code ContactQueuesTest} fails first.
 */
@Component
class ContactQueues {

  /** The queue a contact reaches. */
  enum Queue {
    RIGHTS("Rights requests and privacy inquiries", "/console/requests", true),
    SUPPORT("Support tickets", "/console/support", true),
    MESSAGES(
        "Contact messages: left in the mailbox, tracked until answered",
        "/console/contacts#messages",
        true),
    NONE(
        "No tracked queue: mail to this address is kept as correspondence, not tracked",
        null,
        false);

    final String words;
    final String consolePath;
    final boolean tracked;

    Queue(String words, String consolePath, boolean tracked) {
      this.words = words;
      this.consolePath = consolePath;
      this.tracked = tracked;
    }
  }

  /** One contact as the console shows it. */
  record Line(
      String property,
      String role,
      String name,
      String email,
      Queue queue,
      List<String> clocks,
      long open,
      String nextDue) {

    public String queueWords() {
      return queue.words;
    }

    public String queuePath() {
      return queue.consolePath;
    }

    public boolean tracked() {
      return queue.tracked;
    }
  }

  private final RightsRequests requests;
  private final ContactMessages messages;

  ContactQueues(RightsRequests requests, ContactMessages messages) {
    this.requests = requests;
    this.messages = messages;
  }

  static Queue queueOf(Contact.Role role) {
    return switch (role) {
      case PRIVACY, DPO, LEGAL, COMPLIANCE -> Queue.RIGHTS;
      case SUPPORT -> Queue.SUPPORT;
      case EDITORIAL, SECURITY -> Queue.MESSAGES;
    };
  }

  List<Line> lines(ServedProperty p) {
    List<Line> out = new ArrayList<>();
    long open = -1;
    String next = null;
    for (Contact c : p.policy().contacts()) {
      Queue q = queueOf(c.role());
      long count = 0;
      String due = null;
      if (q == Queue.RIGHTS) {
        if (open < 0) {
          RequestQuery query =
              RequestQuery.any().withProperty(p.id().value()).withStatuses(RequestQuery.open());
          open = requests.count(query);
          Optional<RightsRequest> first = requests.search(query, 0, 1).stream().findFirst();
          next =
              first.map(r -> r.reference() + " due " + ConsoleTime.moment(r.dueAt())).orElse(null);
        }
        count = open;
        due = next;
      } else if (q == Queue.MESSAGES) {
        List<ContactMessages.Open> mine =
            messages.open().stream()
                .filter(m -> m.property().equals(p.id().value()) && m.role().equals(c.role().key()))
                .toList();
        count = mine.size();
        due =
            mine.isEmpty()
                ? null
                : "#" + mine.get(0).id() + " due " + ConsoleTime.moment(mine.get(0).dueAt());
      }
      out.add(
          new Line(
              p.id().value(),
              c.role().key(),
              c.name(),
              c.email(),
              q,
              q == Queue.MESSAGES
                  ? List.of(ContactMessages.clockOf(p.policy().responseTimes(), c.role()).text())
                  : clocks(p.policy().responseTimes(), q),
              count,
              due));
    }
    return out;
  }

  /** The policy's response clocks that apply to the queue, in words. */
  static List<String> clocks(ResponseTimes times, Queue q) {
    List<String> out = new ArrayList<>();
    if (q != Queue.RIGHTS || times == null) {
      return out;
    }
    add(out, "General inquiries", times.general());
    add(out, "Data rights requests", times.rights());
    add(out, "Urgent matters", times.urgent());
    add(out, "Regulators acknowledged", times.regulatorAcknowledgement());
    return out;
  }

  private static void add(List<String> out, String what, Timeframe t) {
    if (t != null) {
      out.add(words(what, t));
    }
  }

  /** "General inquiries: 5 business days". */
  static String words(String what, Timeframe t) {
    return what + ": " + (t.immediate() ? "at once" : t.period().inWords(t.businessDays()));
  }
}
