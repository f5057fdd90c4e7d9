package dev.pledge.server.support;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Marketing page: confirmed subscribers per topic, a form that sends a campaign to
 * one topic (topic, subject, text — enough to see the headers and the gating at work), and the
 * latest campaigns with how many were sent and skipped.
 */
@Controller
class MarketingConsoleController {

  static final String PATH = "/console/marketing";

  private final Campaigns campaigns;
  private final MarketingPreferences preferences;

  MarketingConsoleController(Campaigns campaigns, MarketingPreferences preferences) {
    this.campaigns = campaigns;
    this.preferences = preferences;
  }

  @GetMapping(PATH)
  String page(Model model) {
    model.addAttribute("counts", preferences.counts());
    model.addAttribute("recent", campaigns.recent());
    model.addAttribute("subjectMax", Campaigns.SUBJECT_MAX);
    model.addAttribute("bodyMax", Campaigns.BODY_MAX);
    return "console/marketing";
  }

  @PostMapping(PATH + "/campaigns")
  String send(
      @RequestParam(name = "topic", required = false) String topic,
      @RequestParam(name = "subject", required = false) String subject,
      @RequestParam(name = "text", required = false) String text,
      Principal operator,
      RedirectAttributes redirect) {
    try {
      Campaigns.Sent sent = campaigns.send(topic, subject, text, operator.getName());
      redirect.addFlashAttribute(
          "done",
          "Campaign #"
              + sent.id()
              + " to "
              + sent.topic()
              + ": "
              + sent.sent()
              + " e-mail(s) queued; "
              + sent.skippedObjection()
              + " subscriber(s) skipped for an objection or restriction, "
              + sent.skippedMinor()
              + " for being a minor.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
      redirect.addFlashAttribute("draftTopic", topic);
      redirect.addFlashAttribute("draftSubject", subject);
      redirect.addFlashAttribute("draftText", text);
    }
    return "redirect:" + PATH;
  }
}
