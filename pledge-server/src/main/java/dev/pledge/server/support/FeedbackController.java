package dev.pledge.server.support;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The endpoint the editor posts feedback to ({@code POST /feedback}, form fields {@code kind},
 * {@code subject}, {@code rating}, {@code comment}; the page's CSRF token in its header): 201 with
 * the entry's id, or 400 with the field and what is wrong, in the reader's language. The entry is
 * always the signed-in account's own. The support page has its own form ({@link
 * SupportController}); both delete through here.
 */
@StudioController
class FeedbackController {

  static final String PATH = "/feedback";

  private final CurrentAccount current;
  private final StudioFeedback feedback;
  private final MessageSource messages;

  FeedbackController(CurrentAccount current, StudioFeedback feedback, MessageSource messages) {
    this.current = current;
    this.feedback = feedback;
    this.messages = messages;
  }

  @PostMapping(PATH)
  ResponseEntity<Map<String, Object>> postJson(
      @RequestParam(name = "kind", required = false) String kind,
      @RequestParam(name = "subject", required = false) String subject,
      @RequestParam(name = "rating", required = false) String rating,
      @RequestParam(name = "comment", required = false) String comment,
      Locale locale) {
    String me = current.requireId();
    try {
      String id = feedback.record(me, kind, subject, rating(rating), comment);
      return ResponseEntity.status(201).body(Map.of("id", id));
    } catch (StudioFeedback.Invalid e) {
      return ResponseEntity.badRequest()
          .body(
              Map.of(
                  "field", e.field(),
                  "problem", messages.getMessage(e.key(), e.args(), locale)));
    }
  }

  @PostMapping(PATH + "/{feedbackId}/delete")
  String delete(@PathVariable String feedbackId) {
    if (!feedback.delete(current.requireId(), feedbackId)) {
      throw new StudioNotFound();
    }
    return "redirect:" + SupportController.PATH + "?feedback-deleted#feedback";
  }

  /** A rating as typed: not a number is out of range, which {@link StudioFeedback} explains. */
  static int rating(String rating) {
    try {
      return rating == null ? 0 : Integer.parseInt(rating.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
