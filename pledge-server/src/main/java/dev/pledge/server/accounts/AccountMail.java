package dev.pledge.server.accounts;

import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioLanguage;
import dev.pledge.server.studio.StudioMail;
import dev.pledge.server.studio.StudioMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The accounts' e-mails, in the recipient's language, queued in the studio's outbox within the
 * caller's transaction. Every link carries its token after {@code #}: the page reads it there and
 * posts it, so it never appears in a request line or an access log.
 */
@Component
class AccountMail {

  private final StudioMail outbox;
  private final Studio studio;
  private final MessageSource messages;

  AccountMail(StudioMail outbox, Studio studio, MessageSource messages) {
    this.outbox = outbox;
    this.studio = studio;
    this.messages = messages;
  }

  /** The link to a page that takes a token from its fragment. */
  String link(String path, String token) {
    return studio.publicLink(path) + "#t=" + token;
  }

  void verifyEmail(StudioAccount a, Locale locale, String token) {
    sendWithCode(
        a.id(),
        a.email(),
        "verify-email",
        locale,
        token,
        "mail.verify.subject",
        "mail.verify.body",
        a.name(),
        link("/verify-email/confirm", token));
  }

  void resetPassword(StudioAccount a, Locale locale, String token) {
    sendWithCode(
        a.id(),
        a.email(),
        "reset-password",
        locale,
        token,
        "mail.reset.subject",
        "mail.reset.body",
        a.name(),
        link("/reset/confirm", token));
  }

  void parentConsent(StudioAccount child, String parentEmail, Locale locale, String token) {
    sendWithCode(
        child.id(),
        parentEmail,
        "parent-consent",
        locale,
        token,
        "mail.parent.subject",
        "mail.parent.body",
        child.name(),
        link("/parent", token),
        child.username());
  }

  void parentAccess(StudioAccount child, String parentEmail, Locale locale, String token) {
    sendWithCode(
        child.id(),
        parentEmail,
        "parent-access",
        locale,
        token,
        "mail.parent-access.subject",
        "mail.parent-access.body",
        child.name(),
        link("/parent", token),
        child.username());
  }

  void changeEmail(StudioAccount a, String newEmail, Locale locale, String token) {
    sendWithCode(
        a.id(),
        newEmail,
        "change-email",
        locale,
        token,
        "mail.change-email.subject",
        "mail.change-email.body",
        a.name(),
        link("/account/email/confirm", token));
  }

  void accountDeleted(StudioAccount a, Locale locale, Instant erasedAfter) {
    send(
        a.id(),
        a.email(),
        "account-deleted",
        locale,
        "mail.deleted.subject",
        "mail.deleted.body",
        a.name(),
        date(erasedAfter, locale),
        studio.publicLink("/sign-in"));
  }

  void teamInvite(
      String inviterId, String email, Locale locale, String inviter, String team, String token) {
    sendWithCode(
        inviterId,
        email,
        "team-invite",
        locale,
        token,
        "mail.invite.subject",
        "mail.invite.body",
        inviter,
        link("/invite", token),
        team);
  }

  /** The language a person's mail is written in: their preference, else the page's. */
  static Locale localeOf(String languageTag, Locale fallback) {
    return StudioLanguage.ofTag(languageTag)
        .map(StudioLanguage::locale)
        .orElse(StudioLanguage.closest(fallback).locale());
  }

  String date(Instant at, Locale locale) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
        .withLocale(locale)
        .format(at.atZone(ZoneOffset.UTC));
  }

  private void send(
      String accountId,
      String to,
      String kind,
      Locale locale,
      String subjectKey,
      String bodyKey,
      Object... args) {
    sendWithCode(accountId, to, kind, locale, null, subjectKey, bodyKey, args);
  }

  /** A message whose link carries {@code code}, which is also given for typing in. */
  private void sendWithCode(
      String accountId,
      String to,
      String kind,
      Locale locale,
      String code,
      String subjectKey,
      String bodyKey,
      Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = studio.property().name();
    System.arraycopy(args, 0, all, 1, args.length);
    String subject = messages.getMessage(subjectKey, all, locale);
    String body = messages.getMessage(bodyKey, all, locale);
    if (code != null) {
      body += "\n\n" + messages.getMessage("mail.code", new Object[] {code}, locale);
    }
    outbox.queue(new StudioMessage(accountId, to, kind, subject, body));
  }
}
