package dev.pledge.server.images;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Objects;

/**
 * A moderation checker (B-09): every prompt is checked before its edit is accepted, and every
 * result before it is shown or stored. The studio calls every {@code ModerationCheck} bean and
 * records each decision with the edit; one refusal refuses. With no checker registered, the
 * decision is recorded as "not checked" — never as allowed.
 *
 * <p>Both methods run in the server: keep them fast and bounded. The result image is given as the
 * worker decoded and re-encoded it (stripped, within the plan's pixel limit), at most 2048 pixels
 * on its longer side.
 */
public interface ModerationCheck {

  /** A stable id, recorded with each decision ({@code terms}). */
  String id();

  Decision check(String prompt, Locale locale);

  Decision check(BufferedImage result);

  /** What a check decided. */
  enum Verdict {
    ALLOWED,
    REFUSED
  }

  /**
   * @param verdict allowed or refused
   * @param reason why, for the record and, when refused, for the user: a key of the images message
   *     bundle ({@code images.moderation.*}) or short plain text; no personal data (not the prompt)
   */
  record Decision(Verdict verdict, String reason) {
    public Decision {
      Objects.requireNonNull(verdict, "verdict");
      reason = reason == null ? "" : reason;
    }

    public static Decision allowed() {
      return new Decision(Verdict.ALLOWED, "");
    }

    public static Decision refused(String reason) {
      return new Decision(Verdict.REFUSED, reason);
    }

    public boolean refused() {
      return verdict == Verdict.REFUSED;
    }
  }
}
