package dev.pledge.server.accounts;

import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioLanguage;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opening an account (B-01, B-33): every field checked with a clear message, the age rules of the
 * policy applied first — under the minimum age nothing is kept but the day's count of refusals —
 * the person's law and storage region derived from their country, the password hashed with
 * Argon2id, and the address to verify by a single-use link. A child whose law needs a parent's
 * consent gets an account that stays locked until the parent confirms by e-mail.
 */
@Service
class SignUps {

  private static final Logger log = LoggerFactory.getLogger(SignUps.class);

  /** What came of a sign-up. */
  sealed interface Outcome permits Refused, Invalid, Created {}

  /** Too young: nothing was kept (B-33). */
  record Refused(int minimumAge) implements Outcome {}

  /** Something to fix; nothing was kept. */
  record Invalid(FormProblems problems) implements Outcome {}

  /** Opened; {@code awaitingParent} when a parent must consent first. */
  record Created(StudioAccount account, boolean awaitingParent) implements Outcome {}

  private final AccountRecords accounts;
  private final AgeRulesOfStudio ages;
  private final Passwords passwords;
  private final SingleUseTokens tokens;
  private final AccountMail mail;
  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  SignUps(
      AccountRecords accounts,
      AgeRulesOfStudio ages,
      Passwords passwords,
      SingleUseTokens tokens,
      AccountMail mail,
      Studio studio,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.accounts = accounts;
    this.ages = ages;
    this.passwords = passwords;
    this.tokens = tokens;
    this.mail = mail;
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  Outcome signUp(SignUpForm form, Locale locale) {
    FormProblems problems = new FormProblems();
    String country = Inputs.text(form.getCountry());
    if (!Jurisdictions.known(country)) {
      problems.add("country", "country.missing");
    }
    LocalDate today = today();
    LocalDate birth = birthDate(form.getBirthDate(), today, problems);
    String law =
        Jurisdictions.known(country)
            ? Jurisdictions.law(studio.policy(), country).orElse(null)
            : null;
    AgeRules rules = ages.rules();
    AgeRules.Verdict verdict = AgeRules.Verdict.ALLOWED;
    if (birth != null && !problems.has("country")) {
      verdict = rules.verdict(birth, law, today);
      if (verdict == AgeRules.Verdict.REFUSED) {
        countRefusal(today);
        return new Refused(rules.minimumAge());
      }
    }
    String name = Inputs.text(form.getName());
    String username = Inputs.normalUsername(form.getUsername());
    String email = Inputs.text(form.getEmail());
    String nameProblem = Inputs.nameProblem(name);
    if (nameProblem != null) {
      problems.add("name", nameProblem, Inputs.NAME_MAX);
    }
    String usernameProblem = Inputs.usernameProblem(username);
    if (usernameProblem != null) {
      problems.add("username", usernameProblem, Inputs.USERNAME_MIN, Inputs.USERNAME_MAX);
    } else if (accounts.usernameTaken(username)) {
      problems.add("username", "username.taken");
    }
    String emailProblem = Inputs.emailProblem(email);
    if (emailProblem != null) {
      problems.add("email", emailProblem, Inputs.EMAIL_MAX);
    } else if (accounts.emailTaken(email)) {
      problems.add("email", "email.taken");
    }
    PasswordRules.problem(form.getPassword(), username, email)
        .ifPresent(key -> problems.add("password", key, PasswordRules.MIN, PasswordRules.MAX));
    String parentEmail = null;
    if (verdict == AgeRules.Verdict.NEEDS_PARENT) {
      parentEmail = Inputs.text(form.getParentEmail());
      String parentProblem = Inputs.emailProblem(parentEmail);
      if ("email.missing".equals(parentProblem)) {
        problems.add("parentEmail", "parent-email.missing", rules.consentAge(law));
      } else if (parentProblem != null) {
        problems.add("parentEmail", parentProblem, Inputs.EMAIL_MAX);
      } else if (parentEmail.equalsIgnoreCase(email)) {
        problems.add("parentEmail", "parent-email.own");
      }
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    boolean needsParent = verdict == AgeRules.Verdict.NEEDS_PARENT;
    var created =
        new AccountRecords.NewAccount(
            username,
            email,
            name,
            country,
            law,
            Jurisdictions.region(studio.policy(), country),
            birth,
            passwords.hash(form.getPassword()),
            StudioLanguage.closest(locale).tag(),
            needsParent ? AccountStatus.AWAITING_PARENT : AccountStatus.ACTIVE,
            parentEmail,
            needsParent);
    String parent = parentEmail;
    try {
      StudioAccount opened =
          tx.execute(
              t -> {
                String id = accounts.create(created, clock.instant());
                StudioAccount a = accounts.byId(id).orElseThrow();
                mail.verifyEmail(
                    a, locale, tokens.issue(id, SingleUseTokens.Purpose.VERIFY_EMAIL, null));
                if (needsParent) {
                  mail.parentConsent(
                      a, parent, locale, tokens.issue(id, SingleUseTokens.Purpose.PARENT, null));
                }
                return a;
              });
      log.info("Studio account {} opened{}", opened.id(), needsParent ? ", awaiting a parent" : "");
      return new Created(opened, needsParent);
    } catch (DuplicateKeyException e) {
      // Taken between the check and the insert: the same answer as the check's.
      return new Invalid(new FormProblems().add("username", "username.taken"));
    }
  }

  private static LocalDate birthDate(String text, LocalDate today, FormProblems problems) {
    String t = Inputs.text(text);
    if (t.isEmpty()) {
      problems.add("birthDate", "birth-date.missing");
      return null;
    }
    LocalDate birth;
    try {
      if (t.length() != 10) {
        throw new DateTimeParseException("not yyyy-mm-dd", t, 0);
      }
      birth = LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      problems.add("birthDate", "birth-date.invalid");
      return null;
    }
    if (birth.isAfter(today) || AgeRules.age(birth, today) > 120) {
      problems.add("birthDate", "birth-date.invalid");
      return null;
    }
    return birth;
  }

  /** The day's count of refused sign-ups: the only trace of an under-age attempt (B-33). */
  private void countRefusal(LocalDate day) {
    jdbc.sql(
            """
            insert into studio_age_refusal (property_id, day, refusals) values (:p, :day, 1)
            on conflict (property_id, day) do update
              set refusals = studio_age_refusal.refusals + 1
            """)
        .param("p", studio.id())
        .param("day", Date.valueOf(day))
        .update();
    log.info("A sign-up under the minimum age was refused; nothing about it was kept");
  }

  /** The refusals counted on {@code day}. */
  long refusals(LocalDate day) {
    return jdbc.sql("select coalesce(sum(refusals), 0) from studio_age_refusal where day = :day")
        .param("day", Date.valueOf(day))
        .query(Long.class)
        .single();
  }
}
