package dev.pledge.server.console.demo;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "Demo mail" page, only while the demo mail server runs: every message it holds —
 * acknowledgements with their verification links, export links, receipts — and a form that e-mails
 * the privacy address over SMTP, so the e-mail channel can be tried from the browser.
 */
@Controller
@ConditionalOnProperty(name = "pledge.demo-mail.enabled", havingValue = "true")
class DemoMailController {

  static final String DEFAULT_SUBJECT = "Privacy deletion request";

  private final DemoMailServer server;

  DemoMailController(DemoMailServer server) {
    this.server = server;
  }

  @GetMapping("/console/demo-mail")
  String page(Model model) {
    model.addAttribute("messages", server.messages().stream().map(DemoMessageView::of).toList());
    model.addAttribute("privacyAddress", server.privacyAddress());
    model.addAttribute("smtpPort", server.smtpPort());
    if (!model.containsAttribute("subject")) {
      model.addAttribute("from", "");
      model.addAttribute("subject", DEFAULT_SUBJECT);
      model.addAttribute("text", "Please delete everything you hold about me.");
    }
    return "console/demo-mail";
  }

  @PostMapping("/console/demo-mail/send")
  String send(
      @RequestParam(name = "from", defaultValue = "") String from,
      @RequestParam(name = "subject", defaultValue = "") String subject,
      @RequestParam(name = "text", defaultValue = "") String text,
      RedirectAttributes redirect) {
    String problem = null;
    try {
      new InternetAddress(from.strip(), true).validate();
    } catch (AddressException e) {
      problem = "From must be one e-mail address, for example you@example.org.";
    }
    if (problem == null && (subject.isBlank() || subject.length() > 200)) {
      problem = "Subject must have 1 to 200 characters, for example \"" + DEFAULT_SUBJECT + "\".";
    }
    if (problem == null && text.length() > 10_000) {
      problem = "The text may have at most 10,000 characters.";
    }
    if (problem == null) {
      try {
        server.send(from.strip(), server.privacyAddress(), subject.strip(), text);
      } catch (RuntimeException e) {
        problem =
            "The demo mail server refused the message (" + e.getClass().getSimpleName() + ").";
      }
    }
    if (problem != null) {
      redirect.addFlashAttribute("problem", problem);
      redirect.addFlashAttribute("from", from);
      redirect.addFlashAttribute("subject", subject);
      redirect.addFlashAttribute("text", text);
    } else {
      redirect.addFlashAttribute(
          "done",
          "Sent to "
              + server.privacyAddress()
              + ". Pledge reads the privacy mailbox every 15 seconds: reload this page for the"
              + " acknowledgement, and see the request under Requests.");
    }
    return "redirect:/console/demo-mail";
  }
}
