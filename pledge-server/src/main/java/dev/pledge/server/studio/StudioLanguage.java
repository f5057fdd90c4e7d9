package dev.pledge.server.studio;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages the studio speaks: every page, message and e-mail exists in each. */
public enum StudioLanguage {
  ENGLISH("en", Locale.ENGLISH, "English"),
  SIMPLIFIED_CHINESE("zh-CN", Locale.SIMPLIFIED_CHINESE, "简体中文");

  private final String tag;
  private final Locale locale;
  private final String nativeName;

  StudioLanguage(String tag, Locale locale, String nativeName) {
    this.tag = tag;
    this.locale = locale;
    this.nativeName = nativeName;
  }

  /** The BCP 47 tag stored in preferences and sent as {@code lang}: {@code en}, {@code zh-CN}. */
  public String tag() {
    return tag;
  }

  public Locale locale() {
    return locale;
  }

  /** The language's name in itself, as a language switch shows it. */
  public String nativeName() {
    return nativeName;
  }

  /** The language of a tag as stored or sent; empty for any other. */
  public static Optional<StudioLanguage> ofTag(String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag.strip())).findFirst();
  }

  /** The studio language closest to {@code locale}: any Chinese is 简体中文, anything else English. */
  public static StudioLanguage closest(Locale locale) {
    return locale != null && "zh".equals(locale.getLanguage()) ? SIMPLIFIED_CHINESE : ENGLISH;
  }

  /**
   * The first of the reader's languages (in Accept-Language order) that the studio speaks; English
   * when none is.
   */
  public static StudioLanguage firstSpoken(List<Locale> preferred) {
    for (Locale l : preferred) {
      if ("zh".equals(l.getLanguage())) {
        return SIMPLIFIED_CHINESE;
      }
      if ("en".equals(l.getLanguage())) {
        return ENGLISH;
      }
    }
    return ENGLISH;
  }

  public static StudioLanguage of(Locale locale) {
    return closest(locale);
  }
}
