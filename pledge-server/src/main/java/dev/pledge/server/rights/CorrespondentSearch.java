package dev.pledge.server.rights;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds one person's messages in an open mailbox folder: those they sent (From, or Reply-To
 * for a form relay sending on their behalf) and those sent to them (To, Cc, Bcc) — their side of
 * the exchange and the answers they received, which together make the threads whose correspondent
 * they are. A message that only mentions them in its text (a colleague's forward) is the editor's
 * exchange with someone else and is not searched for.
 *
 * <p>The IMAP server does the searching (one SEARCH command, so a large mailbox is never
 * downloaded); its matches are substrings, case-insensitive, so only the headers of those
 * candidates are then fetched and the address checked whole: {@code al@example.org} does not find
 * {@code val@example.org}. The check reads the raw header rather than parsing it, so a malformed
 * address list that names the person still counts as theirs.
 */
final class CorrespondentSearch {

  private static final String[] HEADERS = {"From", "Reply-To", "To", "Cc", "Bcc"};
  private static final Pattern ADDRESS =
      Pattern.compile("[^\\s@<>\"(),;:\\[\\]]{1,64}@[^\\s@<>\"(),;:\\[\\]]{1,253}");
  private static final String LOCAL_CHARS = "A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-";

  private final String address;
  private final Pattern whole;

  private CorrespondentSearch(String address) {
    this.address = address;
    this.whole =
        Pattern.compile(
            "(?<!["
                + LOCAL_CHARS
                + "])"
                + Pattern.quote(address)
                + "(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** A search for {@code subjectId} when it is an e-mail address; empty for any other subject. */
  static Optional<CorrespondentSearch> of(String subjectId) {
    if (subjectId == null) {
      return Optional.empty();
    }
    String s = subjectId.strip();
    if (s.length() > 254 || !ADDRESS.matcher(s).matches()) {
      return Optional.empty();
    }
    return Optional.of(new CorrespondentSearch(s.toLowerCase(Locale.ROOT)));
  }

  String address() {
    return address;
  }

  /**
   * The server-side criteria: the address anywhere in the sender or recipient headers. The address
   * keys (FROM, TO, CC, BCC) are what servers index; the raw HEADER keys beside them also catch a
   * malformed header that a server cannot parse as addresses.
   */
  SearchTerm term() {
    List<SearchTerm> terms = new ArrayList<>();
    terms.add(new FromStringTerm(address));
    terms.add(new RecipientStringTerm(Message.RecipientType.TO, address));
    terms.add(new RecipientStringTerm(Message.RecipientType.CC, address));
    terms.add(new RecipientStringTerm(Message.RecipientType.BCC, address));
    for (String h : HEADERS) {
      terms.add(new HeaderTerm(h, address));
    }
    return new OrTerm(terms.toArray(SearchTerm[]::new));
  }

  /**
   * The person's messages in {@code folder}, not already marked deleted, that also match {@code
   * also} when given.
   */
  List<Message> find(Folder folder, SearchTerm also) throws MessagingException {
    Message[] candidates = folder.search(also == null ? term() : new AndTerm(term(), also));
    if (candidates.length == 0) {
      return List.of();
    }
    FetchProfile profile = new FetchProfile();
    profile.add(FetchProfile.Item.FLAGS);
    for (String h : HEADERS) {
      profile.add(h);
    }
    folder.fetch(candidates, profile);
    List<Message> out = new ArrayList<>(candidates.length);
    for (Message m : candidates) {
      if (!deleted(m) && names(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /** True when one of the sender or recipient headers holds the whole address. */
  boolean names(Message m) {
    for (String h : HEADERS) {
      String[] values;
      try {
        values = m.getHeader(h);
      } catch (MessagingException | RuntimeException e) {
        continue; // an unreadable header cannot name anyone; the others still can
      }
      if (values != null) {
        for (String v : values) {
          if (v != null && whole.matcher(v).find()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean deleted(Message m) {
    try {
      return m.isSet(Flags.Flag.DELETED);
    } catch (MessagingException | RuntimeException e) {
      return false;
    }
  }
}
