package dev.pledge.server.rights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which e-mails are privacy requests, from the subject line alone (README, "E-mail intake"). The
 * rule is deliberately simple and conservative, because an editorial address receives every kind of
 * mail — including mail about the privacy page — and a false request costs the writer a confusing
 * "Your privacy request" reply:
 *
 * <ol>
 *   <li>the subject must be about the writer's own data or a privacy law: it names one of {@link
 *       #PERSONAL} ("my data", "personal data", "GDPR", "CCPA", "subject access", "data deletion",
 *       "right to be forgotten", "do not sell", …), or says "privacy" right before what it asks
 *       ("privacy request", "privacy deletion", "privacy question");
 *   <li>and it must ask for something: the first word of {@link #KINDS} in the subject gives the
 *       kind ("delete" an erasure, "access" or "copy of" an access request, "export" portability,
 *       "correct" a correction, "restrict", "object", "opt out" or "do not sell"); "request",
 *       "question" or "inquiry" alone make it a general privacy inquiry.
 * </ol>
 *
 * <p>So "Privacy deletion request", "Please delete my data", "GDPR access request" and "Do not sell
 * my personal information" are requests; "A typo on your privacy page", "Delete the broken link"
 * and "Question about your article" are not. The body is never read. English only. A policy's own
 * request subject ("Privacy deletion request") is matched before this rule, exactly.
 */
final class PrivacySubjects {

  private static final String KIND_WORDS =
      "delete|deletion|erase|erasure|remove|removal|forget|forgotten|access|copy of|know|dsar"
          + "|export|portability|download|correct|correction|rectify|rectification|inaccurate"
          + "|restrict|restriction|object|objection|objecting|opt out|optout|do not sell"
          + "|do not share";

  /** Words that make a subject about the writer's own data or a privacy law. */
  static final Pattern PERSONAL =
      Pattern.compile(
          "\\b(?:gdpr|ccpa|cpra|lgpd|pipeda|dsar|data protection|data subject|data deletion"
              + "|data erasure|data portability|personal data"
              + "|personal information|my data|my personal|my information|subject access"
              + "|right to be forgotten|do not sell|do not share)\\b");

  /** "privacy request", "privacy deletion", "privacy data request": privacy and what is asked. */
  static final Pattern PRIVACY_ASKS =
      Pattern.compile(
          "\\bprivacy (?:[a-z]+ )?(?:request|question|inquiry|enquiry|" + KIND_WORDS + ")\\b");

  /** The words that name what is asked, in no particular order: the first in the subject wins. */
  static final Map<RightsRequestKind, Pattern> KINDS = kinds();

  private static final Pattern INQUIRY =
      Pattern.compile("\\b(?:request|question|inquiry|enquiry)\\b");

  private static Map<RightsRequestKind, Pattern> kinds() {
    Map<RightsRequestKind, Pattern> k = new LinkedHashMap<>();
    k.put(
        RightsRequestKind.ERASURE,
        word("delete|deletion|erase|erasure|remove|removal|forget|forgotten"));
    k.put(RightsRequestKind.ACCESS, word("access|copy of|know|dsar"));
    k.put(RightsRequestKind.PORTABILITY, word("export|portability|download"));
    k.put(
        RightsRequestKind.RECTIFICATION,
        word("correct|correction|rectify|rectification|inaccurate"));
    k.put(RightsRequestKind.RESTRICTION, word("restrict|restriction"));
    k.put(RightsRequestKind.OBJECTION, word("object|objection|objecting"));
    k.put(RightsRequestKind.OPT_OUT_OF_SALE, word("opt out|optout|do not sell|do not share"));
    return k;
  }

  /** Objection purposes named in a subject. */
  private static final Map<ObjectionPurpose, Pattern> PURPOSES =
      Map.of(
          ObjectionPurpose.ANALYTICS, word("analytics|statistics|tracking|page views"),
          ObjectionPurpose.MARKETING, word("marketing|newsletter|advertising|promotional"),
          ObjectionPurpose.MODEL_TRAINING, word("training|model|models|ai"));

  private PrivacySubjects() {}

  /**
   * The kind of privacy request a subject asks for: empty when the subject is not a privacy
   * request, {@link RightsRequestKind#INQUIRY} when it is one that names no right.
   *
   * @param normalized the subject as {@link RightsMailIntake#normalizeSubject} leaves it
   */
  static Optional<RightsRequestKind> kind(String normalized) {
    String s = words(normalized);
    if (!PERSONAL.matcher(s).find() && !PRIVACY_ASKS.matcher(s).find()) {
      return Optional.empty();
    }
    RightsRequestKind first = null;
    int at = Integer.MAX_VALUE;
    for (Map.Entry<RightsRequestKind, Pattern> e : KINDS.entrySet()) {
      Matcher m = e.getValue().matcher(s);
      if (m.find() && m.start() < at) {
        first = e.getKey();
        at = m.start();
      }
    }
    if (first != null) {
      return Optional.of(first);
    }
    return INQUIRY.matcher(s).find() ? Optional.of(RightsRequestKind.INQUIRY) : Optional.empty();
  }

  /** The purpose an objection's subject names, among those the property offers. */
  static Optional<ObjectionPurpose> purpose(String normalized, List<ObjectionPurpose> offered) {
    String s = words(normalized);
    for (ObjectionPurpose p : offered) {
      if (PURPOSES.get(p).matcher(s).find()) {
        return Optional.of(p);
      }
    }
    // One purpose to object to: there is nothing to tell apart.
    return offered.size() == 1 ? Optional.of(offered.get(0)) : Optional.empty();
  }

  /** Lower case, punctuation and hyphens as spaces ("opt-out" reads "opt out"), single spaces. */
  private static String words(String subject) {
    return subject.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }

  private static Pattern word(String alternatives) {
    return Pattern.compile("\\b(?:" + alternatives + ")\\b");
  }
}
