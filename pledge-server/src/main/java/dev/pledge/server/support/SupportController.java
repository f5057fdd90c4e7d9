package dev.pledge.server.support;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.FormProblems;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Support in the studio, at the policy's support channel path ({@code /support}): the person's
 * tickets, a new one, each thread with a reply box, closing and reopening — every ticket looked up
 * by the signed-in account, so another account's ticket id is the same 404 as one that does not
 * exist (B-14). A privacy question is pointed to the data dashboard; a privacy request raised in a
 * ticket is turned into a rights request by support, and the ticket shows it (B-29).
 */
@StudioController
class SupportController {

  private static final Logger log = LoggerFactory.getLogger(SupportController.class);

  static final String PATH = "/support";

  private final CurrentAccount current;
  private final Tickets tickets;
  private final StudioFeedback feedback;
  private final SupportWords words;
  private final SupportSettings settings;
  private final RightsRequests requests;
  private final Clock clock;

  SupportController(
      CurrentAccount current,
      Tickets tickets,
      StudioFeedback feedback,
      SupportWords words,
      SupportSettings settings,
      RightsRequests requests,
      Clock clock) {
    this.current = current;
    this.tickets = tickets;
    this.feedback = feedback;
    this.words = words;
    this.settings = settings;
    this.requests = requests;
    this.clock = clock;
  }

  @GetMapping(PATH)
  String page(Model model, Locale locale) {
    return list(current.requireId(), model, locale, "", settings.categories().get(0), "", null);
  }

  @PostMapping(PATH)
  String open(
      @RequestParam(name = "subject", required = false) String subject,
      @RequestParam(name = "category", required = false) String category,
      @RequestParam(name = "message", required = false) String message,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    String me = current.requireId();
    String s = SupportInputs.text(subject);
    String m = SupportInputs.text(message);
    String c = category == null ? "" : category;
    FormProblems problems = new FormProblems();
    SupportInputs.checkSubject(s, settings.subjectMax(), problems);
    if (!settings.categories().contains(c)) {
      problems.add("category", "support.category.invalid");
    }
    SupportInputs.checkMessage("message", m, settings.messageMax(), problems);
    if (problems.isEmpty()
        && tickets.openedSince(me, clock.instant().minus(Tickets.DAY))
            >= settings.ticketsPerDay()) {
      problems.add("subject", "support.limit", settings.ticketsPerDay());
    }
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return list(me, model, locale, s, c, m, problems);
    }
    Ticket t = tickets.open(me, s, c, m, "studio");
    log.info("Support ticket {} opened", t.id());
    return "redirect:" + PATH + "/" + t.id() + "?opened";
  }

  /** The support page's own feedback form: a rating of the studio and a comment. */
  @PostMapping(PATH + "/feedback")
  String feedback(
      @RequestParam(name = "rating", required = false) String rating,
      @RequestParam(name = "comment", required = false) String comment,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    String me = current.requireId();
    try {
      feedback.record(me, "general", null, FeedbackController.rating(rating), comment);
    } catch (StudioFeedback.Invalid e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      FormProblems problems = new FormProblems().add(e.field(), e.key(), e.args());
      model.addAttribute("comment", comment);
      return list(me, model, locale, "", settings.categories().get(0), "", problems);
    }
    return "redirect:" + PATH + "?thanks#feedback";
  }

  @GetMapping(PATH + "/{ticketId}")
  String ticket(@PathVariable String ticketId, Model model, Locale locale) {
    Ticket t = mine(ticketId);
    return thread(t, model, locale, "", null);
  }

  @PostMapping(PATH + "/{ticketId}/reply")
  String reply(
      @PathVariable String ticketId,
      @RequestParam(name = "message", required = false) String message,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    Ticket t = mine(ticketId);
    String m = SupportInputs.text(message);
    FormProblems problems = new FormProblems();
    SupportInputs.checkMessage("message", m, settings.messageMax(), problems);
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return thread(t, model, locale, m, problems);
    }
    tickets.addFromPerson(t.id(), m, "studio");
    return "redirect:" + PATH + "/" + t.id() + "?sent";
  }

  @PostMapping(PATH + "/{ticketId}/close")
  String close(@PathVariable String ticketId) {
    Ticket t = mine(ticketId);
    tickets.close(t.id());
    return "redirect:" + PATH + "/" + t.id() + "?closed";
  }

  @PostMapping(PATH + "/{ticketId}/reopen")
  String reopen(@PathVariable String ticketId) {
    Ticket t = mine(ticketId);
    tickets.reopen(t.id());
    return "redirect:" + PATH + "/" + t.id() + "?reopened";
  }

  private Ticket mine(String ticketId) {
    return tickets.owned(current.requireId(), ticketId).orElseThrow(StudioNotFound::new);
  }

  private String list(
      String me,
      Model model,
      Locale locale,
      String subject,
      String category,
      String message,
      FormProblems problems) {
    model.addAttribute("tickets", tickets.ofAccount(me));
    model.addAttribute(
        "categories", words.choices("support.category.", settings.categories(), locale));
    model.addAttribute("subject", subject);
    model.addAttribute("category", category);
    model.addAttribute("message", message);
    model.addAttribute("problems", problems == null ? new FormProblems() : problems);
    model.addAttribute("subjectMax", settings.subjectMax());
    model.addAttribute("messageMax", settings.messageMax());
    model.addAttribute("feedback", feedback.ofAccount(me));
    model.addAttribute("commentMax", StudioFeedback.COMMENT_MAX);
    model.addAttribute("ratings", List.of(5, 4, 3, 2, 1));
    if (!model.containsAttribute("comment")) {
      model.addAttribute("comment", "");
    }
    model.addAttribute("kept", words.retention(SupportWords.SUPPORT, locale));
    model.addAttribute("feedbackKept", words.retention(SupportWords.FEEDBACK, locale));
    model.addAttribute("processors", words.processors(locale));
    model.addAttribute("nav", "support");
    return "studio/support";
  }

  /** A rights request the ticket became, as the person sees it. */
  record Linked(String reference, String kind, String status) {}

  private String thread(
      Ticket t, Model model, Locale locale, String message, FormProblems problems) {
    List<Linked> linked =
        tickets.requests(t.id()).stream()
            .map(requests::byReference)
            .flatMap(Optional::stream)
            .map(r -> new Linked(r.reference(), r.kind().key(), r.status().key()))
            .toList();
    model.addAttribute("ticket", t);
    model.addAttribute("categoryLabel", words.label("support.category.", t.category(), locale));
    model.addAttribute("messages", tickets.messages(t.id()));
    model.addAttribute("linked", linked);
    model.addAttribute("message", message);
    model.addAttribute("problems", problems == null ? new FormProblems() : problems);
    model.addAttribute("messageMax", settings.messageMax());
    model.addAttribute("nav", "support");
    return "studio/support-ticket";
  }
}
