package dev.pledge.server.rights;

/** How request kinds are named to the people who send them, in e-mails and on pages. */
final class RightsRequestDescriptions {

  private RightsRequestDescriptions() {}

  /** "your request to delete …": the phrase after "your". */
  static String describe(RightsRequestKind kind) {
    return switch (kind) {
      case ERASURE -> "request to delete your personal data";
      case ACCESS -> "request for access to your personal data";
      case PORTABILITY -> "request for a copy of your data";
      case RECTIFICATION -> "request to correct your personal data";
      case RESTRICTION -> "request to restrict the use of your personal data";
      case OBJECTION -> "objection";
      case OPT_OUT_OF_SALE -> "request to opt out of the sale or sharing of your data";
      case INQUIRY -> "message";
      case AUTHORITY_DISCLOSURE -> "request";
    };
  }

  /** The choice on the privacy center's form. */
  static String label(RightsRequestKind kind) {
    return switch (kind) {
      case ACCESS -> "See the personal data held about me (access / right to know)";
      case PORTABILITY -> "Get a machine-readable copy of my data (portability)";
      case RECTIFICATION -> "Correct personal data about me (rectification)";
      case ERASURE -> "Delete personal data about me (erasure)";
      case RESTRICTION -> "Restrict the use of my data (restriction)";
      case OBJECTION -> "Object to a use of my data (objection)";
      case OPT_OUT_OF_SALE -> "Opt out of the sale or sharing of my data";
      case INQUIRY -> "Another privacy question";
      case AUTHORITY_DISCLOSURE -> "Disclosure to an authority";
    };
  }

  static String label(ObjectionPurpose purpose) {
    return switch (purpose) {
      case ANALYTICS -> "Web analytics";
      case MARKETING -> "Marketing e-mail";
      case MODEL_TRAINING -> "Use of my anonymised feedback to improve models";
    };
  }
}
