package dev.pledge.server.support;

import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioLanguage;
import dev.pledge.server.studio.StudioMail;
import dev.pledge.server.studio.StudioMessage;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The support module's e-mails, in the recipient's language, queued in the studio's outbox within
 * the caller's transaction.
 *
 * <p>A reply from support is announced, not quoted: the e-mail says a reply is waiting and links to
 * the ticket, whose thread is behind the person's sign-in (and second factor). What support writes
 * may touch the person's account, invoices or images, and an e-mail is copied to mail providers,
 * phones and forwards the studio cannot erase when the ticket's retention ends or the person asks
 * for erasure; the studio's copy, in one place, can be. The subject names the ticket's reference
 * and its reply key, never the person's own subject line.
 */
@Component
class SupportMail {

  /**
   * Written under the space for an e-mailed reply: what follows it (the quoted announcement) is cut
   * from the reply. In both languages, whichever the person reads.
   */
  static final String REPLY_ABOVE = "—— Reply above this line · 请在此线上方回复 ——";

  private final StudioMail outbox;
  private final Studio studio;
  private final StudioAccounts accounts;
  private final MessageSource messages;

  SupportMail(StudioMail outbox, Studio studio, StudioAccounts accounts, MessageSource messages) {
    this.outbox = outbox;
    this.studio = studio;
    this.accounts = accounts;
    this.messages = messages;
  }

  /**
   * The ticket's subject line tag that an e-mailed reply carries back: {@code [#XXXX-XXXX-XXXX]}.
   */
  static String replyTag(Ticket t) {
    return "[#" + t.replyKey() + "]";
  }

  /** "Support answered your request T-…": a link, no content (see the class comment). */
  void replyWaiting(Ticket t) {
    accounts
        .byId(t.accountId())
        .ifPresent(
            a -> {
              Locale locale = localeOf(a.id());
              queue(
                  a,
                  "support-reply",
                  locale,
                  "mail.support.reply.subject",
                  "mail.support.reply.body",
                  Map.of(),
                  t.id(),
                  replyTag(t),
                  a.name(),
                  studio.publicLink("/support/" + t.id()),
                  REPLY_ABOVE);
            });
  }

  /** An e-mailed reply was not added: why, and where to write instead. */
  void replyRefused(Ticket t, String reasonKey, Object reasonArg) {
    accounts
        .byId(t.accountId())
        .ifPresent(
            a -> {
              Locale locale = localeOf(a.id());
              queue(
                  a,
                  "support-reply-refused",
                  locale,
                  "mail.support.refused.subject",
                  "mail.support.refused.body",
                  Map.of(),
                  t.id(),
                  replyTag(t),
                  a.name(),
                  messages.getMessage(reasonKey, new Object[] {reasonArg}, locale),
                  studio.publicLink("/support/" + t.id()));
            });
  }

  /** Double opt-in: the single-use link that confirms a subscription to {@code topics}. */
  void confirmSubscription(StudioAccount a, String topics, String token) {
    Locale locale = localeOf(a.id());
    queue(
        a,
        "marketing-confirm",
        locale,
        "mail.marketing.confirm.subject",
        "mail.marketing.confirm.body",
        Map.of(),
        a.name(),
        topics,
        studio.publicLink("/marketing/confirm") + "#t=" + token,
        token);
  }

  /** The recipient's language: their preference, else English. */
  Locale localeOf(String accountId) {
    return accounts
        .language(accountId)
        .flatMap(StudioLanguage::ofTag)
        .orElse(StudioLanguage.ENGLISH)
        .locale();
  }

  String message(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }

  private void queue(
      StudioAccount a,
      String kind,
      Locale locale,
      String subjectKey,
      String bodyKey,
      Map<String, String> headers,
      Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = studio.property().name();
    System.arraycopy(args, 0, all, 1, args.length);
    outbox.queue(
        new StudioMessage(
            a.id(),
            a.email(),
            kind,
            messages.getMessage(subjectKey, all, locale),
            messages.getMessage(bodyKey, all, locale),
            headers));
  }
}
