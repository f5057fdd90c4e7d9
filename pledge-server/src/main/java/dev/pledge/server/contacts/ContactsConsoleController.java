package dev.pledge.server.contacts;

import dev.pledge.server.policy.PolicyCatalog;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's Contacts page (B-39): every contact each policy publishes, the queue it reaches,
 * the policy's response clocks for it, and that queue's open items with the next one due.
 */
@Controller
class ContactsConsoleController {

  private final PolicyCatalog catalog;
  private final ContactQueues queues;

  ContactsConsoleController(PolicyCatalog catalog, ContactQueues queues) {
    this.catalog = catalog;
    this.queues = queues;
  }

  @GetMapping("/console/contacts")
  String contacts(Model model) {
    List<ContactQueues.Line> lines =
        catalog.all().stream().flatMap(p -> queues.lines(p).stream()).toList();
    model.addAttribute("lines", lines);
    return "console/contacts";
  }
}
