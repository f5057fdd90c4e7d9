package dev.pledge.server.accounts;

import dev.pledge.policy.Law;
import dev.pledge.policy.Policy;
import dev.pledge.policy.Region;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A person's country or region decides their law — the EU and EEA: GDPR; the United Kingdom: UK
 * GDPR; California: CCPA; Canada: PIPEDA; Brazil: LGPD; Singapore: PDPA — and the storage region
 * their data belongs in (B-23, kept for residency). A law counts only when the policy names it;
 * elsewhere the person has no law of their own on record and every law the policy names applies to
 * their requests.
 */
final class Jurisdictions {

  /** California: a US state with its own law, listed as a choice of its own. */
  static final String CALIFORNIA = "US-CA";

  private static final Set<String> EEA =
      Set.of(
          "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

  private static final Set<String> AMERICAS =
      Set.of(
          "AG", "AI", "AR", "AW", "BB", "BL", "BM", "BO", "BQ", "BR", "BS", "BZ", "CA", "CL", "CO",
          "CR", "CU", "CW", "DM", "DO", "EC", "FK", "GD", "GF", "GL", "GP", "GT", "GY", "HN", "HT",
          "JM", "KN", "KY", "LC", "MF", "MQ", "MS", "MX", "NI", "PA", "PE", "PM", "PR", "PY", "SR",
          "SV", "SX", "TC", "TT", "US", "UM", "UY", "VC", "VE", "VG", "VI");

  private static final Set<String> ASIA_PACIFIC =
      Set.of(
          "AF", "AS", "AU", "BD", "BN", "BT", "CC", "CK", "CN", "CX", "FJ", "FM", "GU", "HK", "ID",
          "IN", "IO", "JP", "KG", "KH", "KI", "KP", "KR", "KZ", "LA", "LK", "MH", "MM", "MN", "MO",
          "MP", "MV", "MY", "NC", "NF", "NP", "NR", "NU", "NZ", "PF", "PG", "PH", "PK", "PN", "PW",
          "SB", "SG", "TH", "TJ", "TK", "TL", "TM", "TO", "TV", "TW", "UZ", "VN", "VU", "WF", "WS");

  private static final Set<String> CODES = codes();

  private Jurisdictions() {}

  private static Set<String> codes() {
    List<String> all = new ArrayList<>(Arrays.asList(Locale.getISOCountries()));
    all.add(CALIFORNIA);
    return Set.copyOf(all);
  }

  /** Whether {@code code} is a country (or California) a person can choose. */
  static boolean known(String code) {
    return code != null && CODES.contains(code);
  }

  /** A country as the sign-up form lists it. */
  record Country(String code, String name) {}

  /**
   * Every choice, named in {@code locale} and sorted for it. California is named by {@code
   * california} (the message bundle's words, since the JDK names no US state).
   */
  static List<Country> choices(Locale locale, String california) {
    List<Country> list = new ArrayList<>();
    for (String code : Locale.getISOCountries()) {
      String name = new Locale("", code).getDisplayCountry(locale);
      list.add(new Country(code, name));
    }
    list.add(new Country(CALIFORNIA, california));
    Collator collator = Collator.getInstance(locale);
    list.sort(Comparator.comparing(Country::name, collator));
    return list;
  }

  /** The law of a person in {@code country}, when the policy names it. */
  static Optional<String> law(Policy policy, String country) {
    String law;
    if (EEA.contains(country)) {
      law = "gdpr";
    } else if ("GB".equals(country)) {
      law = "uk-gdpr";
    } else if (CALIFORNIA.equals(country)) {
      law = "ccpa";
    } else if ("CA".equals(country)) {
      law = "pipeda";
    } else if ("BR".equals(country)) {
      law = "lgpd";
    } else if ("SG".equals(country)) {
      law = "pdpa";
    } else {
      return Optional.empty();
    }
    return policy.laws().stream().map(Law::id).filter(law::equals).findFirst();
  }

  /**
   * The storage region nearest {@code country} among the policy's: the Americas in {@code us}, Asia
   * and the Pacific in {@code apac}, Europe, Africa and the Middle East in {@code eu}; the policy's
   * first region when it does not have that one.
   */
  static String region(Policy policy, String country) {
    String wanted =
        CALIFORNIA.equals(country) || AMERICAS.contains(country)
            ? "us"
            : ASIA_PACIFIC.contains(country) ? "apac" : "eu";
    List<String> declared = policy.regions().stream().map(Region::id).toList();
    if (declared.contains(wanted) || declared.isEmpty()) {
      return wanted;
    }
    return declared.get(0);
  }
}
