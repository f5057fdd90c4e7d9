package dev.pledge.server.support;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.accounts.StudioDemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo's support history ({@code pledge demo} only): the demo's studio user has one answered
 * ticket and one feedback entry, so the studio's Support page and the console's show a lived-in
 * account. Created once, after the accounts module made the user (on the ready event, which follows
 * the started event the user is made on).
 */
@Component
class SupportDemo {

  private static final Logger log = LoggerFactory.getLogger(SupportDemo.class);

  static final String SUBJECT = "Exported poster looks soft at A2";
  static final String QUESTION =
      "Hi! I exported the festival poster at A2 and the lettering looks slightly soft when"
          + " printed. Is there a sharper export setting, or should I upscale first?";
  static final String ANSWER =
      "Thanks for the clear description. For print, choose \"Export → Print (300 dpi)\": it"
          + " renders the text layer again at full resolution instead of scaling the preview."
          + " If the soft edges stay, reply here and we will look at the file with you.";
  static final String FEEDBACK =
      "Text editing kept my font perfectly — lovely. The print export took a while to find.";

  private final PledgeSettings settings;
  private final StudioAccounts accounts;
  private final Tickets tickets;
  private final StudioFeedback feedback;
  private final TransactionTemplate tx;

  SupportDemo(
      PledgeSettings settings,
      StudioAccounts accounts,
      Tickets tickets,
      StudioFeedback feedback,
      TransactionTemplate tx) {
    this.settings = settings;
    this.accounts = accounts;
    this.tickets = tickets;
    this.feedback = feedback;
    this.tx = tx;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atReady() {
    if (!settings.demo() || settings.maintenance()) {
      return;
    }
    String username = StudioDemo.EMAIL.substring(0, StudioDemo.EMAIL.indexOf('@'));
    StudioAccount dana = accounts.activeByUsername(username).orElse(null);
    if (dana == null || !tickets.ofAccount(dana.id()).isEmpty()) {
      return;
    }
    tx.executeWithoutResult(
        t -> {
          Ticket ticket = tickets.open(dana.id(), SUBJECT, "editing", QUESTION, "studio");
          tickets.addFromSupport(ticket.id(), "demo", ANSWER, TicketStatus.ANSWERED);
          feedback.record(dana.id(), "general", null, 4, FEEDBACK);
        });
    log.info(
        "Seeded the demo's support ticket and feedback for its studio user"); // no address in a log
    // line (B-13)
  }
}
