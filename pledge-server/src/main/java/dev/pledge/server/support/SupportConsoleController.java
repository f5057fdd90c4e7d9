package dev.pledge.server.support;

import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequests;
import java.security.Principal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Support page (the operator console's chain guards {@code /console/**}): the
 * studio's tickets with filters, each thread with a reply box — the reply reaches the person by
 * e-mail as a link to the ticket — closing and reopening, and "turn into a rights request" for a
 * privacy request raised in a ticket (B-29). Kept in the support module, on the console's layout,
 * so the console's own pages are untouched.
 */
@Controller
class SupportConsoleController {

  static final String PATH = "/console/support";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Tickets tickets;
  private final SupportMail mail;
  private final StudioAccounts accounts;
  private final TicketRightsRequests rightsRequests;
  private final RightsRequests requests;
  private final SupportSettings settings;
  private final TransactionTemplate tx;

  SupportConsoleController(
      Tickets tickets,
      SupportMail mail,
      StudioAccounts accounts,
      TicketRightsRequests rightsRequests,
      RightsRequests requests,
      SupportSettings settings,
      TransactionTemplate tx) {
    this.tickets = tickets;
    this.mail = mail;
    this.accounts = accounts;
    this.rightsRequests = rightsRequests;
    this.requests = requests;
    this.settings = settings;
    this.tx = tx;
  }

  /** A queue row. */
  record Row(
      String id,
      String subject,
      String category,
      String status,
      String who,
      String created,
      String lastMessage) {}

  @GetMapping(PATH)
  String queue(
      @RequestParam(name = "status", required = false, defaultValue = "active") String status,
      @RequestParam(name = "category", required = false) String category,
      @RequestParam(name = "q", required = false) String query,
      Model model) {
    List<TicketStatus> statuses =
        switch (status) {
          case "all" -> List.of();
          case "active" -> List.of(TicketStatus.OPEN, TicketStatus.WAITING, TicketStatus.ANSWERED);
          default -> TicketStatus.of(status).map(List::of).orElse(List.of(TicketStatus.OPEN));
        };
    String c = category != null && settings.categories().contains(category) ? category : null;
    String q = query == null || query.isBlank() ? null : query.strip().toUpperCase(Locale.ROOT);
    List<Row> rows = new ArrayList<>();
    for (Ticket t : tickets.queue(statuses, c, q, 300)) {
      rows.add(
          new Row(
              t.id(),
              t.subject(),
              t.category(),
              t.status().key(),
              accounts.byId(t.accountId()).map(StudioAccount::username).orElse("(account gone)"),
              when(t.createdAt()),
              when(t.lastMessageAt())));
    }
    model.addAttribute("rows", rows);
    model.addAttribute("status", status);
    model.addAttribute("category", c);
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("categories", settings.categories());
    model.addAttribute(
        "statuses", List.of("active", "open", "waiting", "answered", "closed", "all"));
    model.addAttribute("openCount", tickets.openCount());
    return "console/support";
  }

  /** A message of the thread as the console shows it. */
  record Shown(boolean fromSupport, String who, String via, String at, String body) {}

  /** A rights request the ticket became. */
  record Linked(String reference, String kind, String status) {}

  @GetMapping(PATH + "/{ticketId}")
  String ticket(@PathVariable String ticketId, Model model) {
    Ticket t = find(ticketId);
    Optional<StudioAccount> a = accounts.byId(t.accountId());
    List<Shown> thread =
        tickets.messages(t.id()).stream()
            .map(
                m ->
                    new Shown(
                        m.fromSupport(),
                        m.fromSupport()
                            ? "Support" + (m.operator() == null ? "" : " (" + m.operator() + ")")
                            : a.map(StudioAccount::name).orElse("The person"),
                        m.via(),
                        when(m.at()),
                        m.body()))
            .toList();
    List<Linked> linked =
        tickets.requests(t.id()).stream()
            .map(requests::byReference)
            .flatMap(Optional::stream)
            .map(r -> new Linked(r.reference(), kindOf(r), r.status().key()))
            .toList();
    model.addAttribute("t", t);
    model.addAttribute("account", a.orElse(null));
    model.addAttribute("minor", a.map(x -> accounts.minor(x.id())).orElse(false));
    model.addAttribute("thread", thread);
    model.addAttribute("linked", linked);
    model.addAttribute("choices", rightsRequests.choices());
    model.addAttribute("created", when(t.createdAt()));
    model.addAttribute("lastMessage", when(t.lastMessageAt()));
    model.addAttribute("messageMax", settings.messageMax());
    return "console/support-ticket";
  }

  @PostMapping(PATH + "/{ticketId}/reply")
  String reply(
      @PathVariable String ticketId,
      @RequestParam(name = "message", required = false) String message,
      @RequestParam(name = "after", required = false) String after,
      Principal operator,
      RedirectAttributes redirect) {
    Ticket t = find(ticketId);
    String body = SupportInputs.text(message);
    Optional<TicketStatus> then =
        TicketStatus.of(after == null ? "answered" : after).filter(s -> s != TicketStatus.OPEN);
    if (body.isEmpty()) {
      redirect.addFlashAttribute("problem", "Write the reply first: the message is empty.");
    } else if (SupportInputs.length(body) > settings.messageMax()) {
      redirect.addFlashAttribute(
          "problem",
          "The reply has "
              + SupportInputs.length(body)
              + " characters; at most "
              + settings.messageMax()
              + " fit. Shorten it.");
      redirect.addFlashAttribute("draft", body);
    } else if (then.isEmpty()) {
      redirect.addFlashAttribute(
          "problem", "After a reply the ticket is answered, waiting for the person, or closed.");
      redirect.addFlashAttribute("draft", body);
    } else {
      tx.executeWithoutResult(
          s -> {
            tickets.addFromSupport(t.id(), operator.getName(), body, then.get());
            mail.replyWaiting(tickets.byId(t.id()).orElseThrow());
          });
      redirect.addFlashAttribute(
          "done",
          "Reply sent. The person is e-mailed that a reply is waiting, with a link to the ticket.");
    }
    return "redirect:" + PATH + "/" + t.id();
  }

  @PostMapping(PATH + "/{ticketId}/close")
  String close(@PathVariable String ticketId, RedirectAttributes redirect) {
    Ticket t = find(ticketId);
    tickets.close(t.id());
    redirect.addFlashAttribute("done", "Ticket closed.");
    return "redirect:" + PATH + "/" + t.id();
  }

  @PostMapping(PATH + "/{ticketId}/reopen")
  String reopen(@PathVariable String ticketId, RedirectAttributes redirect) {
    Ticket t = find(ticketId);
    tickets.reopen(t.id());
    redirect.addFlashAttribute("done", "Ticket reopened.");
    return "redirect:" + PATH + "/" + t.id();
  }

  /** "Turn into a rights request": opened through the engine, verified, linked to the ticket. */
  @PostMapping(PATH + "/{ticketId}/rights-request")
  String rightsRequest(
      @PathVariable String ticketId,
      @RequestParam(name = "kind", required = false) String kind,
      Principal operator,
      RedirectAttributes redirect) {
    Ticket t = find(ticketId);
    try {
      RightsRequest r = rightsRequests.open(t, kind == null ? "" : kind, operator.getName());
      redirect.addFlashAttribute(
          "done",
          "Rights request "
              + r.reference()
              + " opened (verified, channel support) and linked to this ticket; the person sees"
              + " it in the ticket and on their data dashboard.");
    } catch (IllegalArgumentException | IllegalStateException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:" + PATH + "/" + t.id();
  }

  private Ticket find(String ticketId) {
    return tickets
        .byId(ticketId)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No ticket " + ticketId));
  }

  private static String kindOf(RightsRequest r) {
    return r.kind().key() + (r.purpose() == null ? "" : " — " + r.purpose().key());
  }

  private static String when(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }
}
