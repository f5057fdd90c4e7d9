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
 * response times); the support address reaches the support tickets; an editorial or security
 * address reaches no tracked queue — said plainly, so the operator sees the gap in B-39.
 */
@Component
class ContactQueues {

  /** The queue a contact reaches. */
  enum Queue {
    RIGHTS("Rights requests and privacy inquiries", "/console/requests", true),
    SUPPORT("Support tickets", "/console/support", true),
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

  ContactQueues(RightsRequests requests) {
    this.requests = requests;
  }

  static Queue queueOf(Contact.Role role) {
    return switch (role) {
      case PRIVACY, DPO, LEGAL, COMPLIANCE -> Queue.RIGHTS;
      case SUPPORT -> Queue.SUPPORT;
      case EDITORIAL, SECURITY -> Queue.NONE;
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
      }
      out.add(
          new Line(
              p.id().value(),
              c.role().key(),
              c.name(),
              c.email(),
              q,
              clocks(p.policy().responseTimes(), q),
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
      out.add(what + ": " + (t.immediate() ? "at once" : t.period().inWords(t.businessDays())));
    }
  }
}
