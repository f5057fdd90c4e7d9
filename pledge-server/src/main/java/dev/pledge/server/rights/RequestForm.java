package dev.pledge.server.rights;

import dev.pledge.policy.Channel;
import dev.pledge.policy.Law;
import dev.pledge.policy.Policy;
import dev.pledge.policy.Right;
import dev.pledge.server.policy.ServedProperty;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The privacy center's form: what a property offers on it (the rights its policy grants, the
 * purposes one can object to, its laws) and the checks of what was sent. Error messages say what is
 * wrong, in which field, and how to put it right.
 */
final class RequestForm {

  static final int MAX_DETAILS = 2000;

  /** A choice in a select list. */
  record Option(String value, String label) {}

  /** What was sent, as typed, so that the form can be shown again with it. */
  record Input(String kind, String purpose, String law, String email, String details) {
    Input {
      kind = trim(kind);
      purpose = trim(purpose);
      law = trim(law);
      email = trim(email);
      details = details == null ? "" : details.strip();
    }

    static Input empty() {
      return new Input("", "", "", "", "");
    }

    private static String trim(String s) {
      return s == null ? "" : s.strip();
    }
  }

  private RequestForm() {}

  /** The request kinds the policy grants, in the policy's order (CCPA's "know" is access). */
  static List<RightsRequestKind> kinds(Policy policy) {
    Set<RightsRequestKind> kinds = new LinkedHashSet<>();
    for (Right r : policy.rights()) {
      RightsRequestKind.of(r.kind()).ifPresent(kinds::add);
    }
    return List.copyOf(kinds);
  }

  static List<Option> kindOptions(Policy policy) {
    return kinds(policy).stream()
        .map(k -> new Option(k.key(), RightsRequestDescriptions.label(k)))
        .toList();
  }

  /**
   * The purposes a person can object to on this property: those its policy has a purpose for, or
   * all of them when the policy names none by these words.
   */
  static List<ObjectionPurpose> purposes(Policy policy) {
    List<ObjectionPurpose> declared =
        Arrays.stream(ObjectionPurpose.values())
            .filter(
                p ->
                    policy.purposes().stream()
                        .anyMatch(d -> d.id().contains(p.key().split("-")[0])))
            .toList();
    return declared.isEmpty() ? List.of(ObjectionPurpose.values()) : declared;
  }

  static List<Option> purposeOptions(Policy policy) {
    return purposes(policy).stream()
        .map(p -> new Option(p.key(), RightsRequestDescriptions.label(p)))
        .toList();
  }

  static List<Option> lawOptions(Policy policy) {
    return policy.laws().stream().map(l -> new Option(l.id(), l.name())).toList();
  }

  /** The id of the policy's form channel, if it declares one. */
  static String channelId(Policy policy) {
    return policy.channels().stream()
        .filter(c -> c.kind() == Channel.Kind.FORM)
        .map(Channel::id)
        .findFirst()
        .orElse(null);
  }

  /** Field name → message; empty when the input is acceptable. */
  static Map<String, String> errors(Policy policy, Input in) {
    Map<String, String> errors = new LinkedHashMap<>();
    RightsRequestKind kind = kind(policy, in.kind());
    if (kind == null) {
      errors.put("kind", "Choose what you want us to do from the list under \"Your request\".");
    } else if (kind == RightsRequestKind.OBJECTION && purpose(policy, in.purpose()) == null) {
      errors.put(
          "purpose",
          "Choose the use of your data you object to from the list under \"Objection\".");
    }
    if (!in.law().isEmpty() && policy.laws().stream().map(Law::id).noneMatch(in.law()::equals)) {
      errors.put("law", "Choose a law from the list, or leave \"Law that applies to you\" empty.");
    }
    if (in.email().isEmpty()) {
      errors.put(
          "email", "Enter the e-mail address where we can reach you, like name@example.org.");
    } else if (!RequesterAddress.valid(in.email())) {
      errors.put(
          "email",
          "\"E-mail address\" is not an address we can write to. Check it for typos; it should"
              + " look like name@example.org.");
    }
    if (in.details().length() > MAX_DETAILS) {
      errors.put(
          "details",
          "\"Details\" is "
              + in.details().length()
              + " characters long; shorten it to "
              + MAX_DETAILS
              + " or fewer. You can send more when we answer.");
    }
    return errors;
  }

  /** The request the input asks for; call only when {@link #errors} found none. */
  static NewRightsRequest request(ServedProperty property, Input in) {
    Policy policy = property.policy();
    RightsRequestKind kind = kind(policy, in.kind());
    return new NewRightsRequest(
        property.id().value(),
        kind,
        kind == RightsRequestKind.OBJECTION ? purpose(policy, in.purpose()) : null,
        RequestChannel.FORM,
        channelId(policy),
        in.email(),
        null,
        in.law().isEmpty() ? null : in.law(),
        false);
  }

  /** An address normalised for counting: case-folded, so "A@x" and "a@x" share a limit. */
  static String addressKey(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static RightsRequestKind kind(Policy policy, String key) {
    return kinds(policy).stream().filter(k -> k.key().equals(key)).findFirst().orElse(null);
  }

  private static ObjectionPurpose purpose(Policy policy, String key) {
    return purposes(policy).stream().filter(p -> p.key().equals(key)).findFirst().orElse(null);
  }
}
