package dev.pledge.server.contacts;

import dev.pledge.server.policy.PolicyCatalog;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The console's Contacts page (B-39): every contact each policy publishes, the queue it reaches,
 * the policy's response clocks for it, and that queue's open items with the next one due; below,
 * the open contact messages, each answered from here once the operator has replied from the
 * mailbox.
 */
@Controller
class ContactsConsoleController {

  static final String PATH = "/console/contacts";

  private final PolicyCatalog catalog;
  private final ContactQueues queues;
  private final ContactMessages messages;
  private final Clock clock;

  ContactsConsoleController(
      PolicyCatalog catalog, ContactQueues queues, ContactMessages messages, Clock clock) {
    this.catalog = catalog;
    this.queues = queues;
    this.messages = messages;
    this.clock = clock;
  }

  /** An open contact message as the page shows it. */
  record MessageView(
      long id,
      String property,
      String role,
      String received,
      String due,
      String basis,
      boolean overdue) {}

  @GetMapping(PATH)
  String contacts(Model model) {
    List<ContactQueues.Line> lines =
        catalog.all().stream().flatMap(p -> queues.lines(p).stream()).toList();
    model.addAttribute("lines", lines);
    var now = clock.instant();
    model.addAttribute(
        "messages",
        messages.open().stream()
            .map(
                m ->
                    new MessageView(
                        m.id(),
                        m.property(),
                        m.role(),
                        ConsoleTime.moment(m.receivedAt()),
                        ConsoleTime.moment(m.dueAt()),
                        m.dueBasis(),
                        m.dueAt().isBefore(now)))
            .toList());
    return "console/contacts";
  }

  @PostMapping(PATH + "/messages/{id}/answered")
  String answered(
      @PathVariable String id, Principal operator, Model model, HttpServletResponse response) {
    long number;
    try {
      number = Long.parseLong(id);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (!messages.answer(number, "operator:" + operator.getName(), clock.instant())) {
      response.setStatus(404);
      model.addAttribute(
          "problem",
          "No open contact message has the number "
              + id
              + ". It may have been answered already; see the Contacts page.");
      return "console/contact-message-missing";
    }
    return "redirect:" + PATH + "#messages";
  }
}
