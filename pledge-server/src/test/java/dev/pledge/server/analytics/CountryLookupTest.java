package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyLoader;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.shared.PropertyId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Country from an offline MaxMind-format database, only where the policy lists it. */
class CountryLookupTest {

  @TempDir Path dir;

  static ServedProperty property(String id, boolean listsCountry) {
    Policy policy = PolicyLoader.load(Path.of("../policies/reference-site.yaml")).policy();
    List<DataCategory> categories =
        policy.categories().stream()
            .map(
                c ->
                    !listsCountry || !c.id().equals("user.behavior.page_views")
                        ? c
                        : new DataCategory(
                            c.id(),
                            c.title(),
                            c.description(),
                            c.collected(),
                            c.collectedNote(),
                            List.of("page path", "referrer source", "browser type", "country"),
                            c.purposes(),
                            c.legalBasis(),
                            c.source(),
                            c.anonymised(),
                            c.personal(),
                            c.retention()))
            .toList();
    Policy p = policy;
    Policy changed =
        new Policy(
            p.languageVersion(),
            p.property(),
            p.controller(),
            p.contacts(),
            p.effective(),
            p.lastReviewed(),
            p.changes(),
            p.summary(),
            p.sellsData(),
            p.sharing(),
            p.disclosures(),
            p.purposes(),
            categories,
            p.rights(),
            p.channels(),
            p.laws(),
            p.responseTimes(),
            p.cookieCategories(),
            p.cookies(),
            p.processors(),
            p.regions(),
            p.transfers(),
            p.children(),
            p.breach(),
            p.changeNotice(),
            p.security());
    return new ServedProperty(new PropertyId(id), changed, "test", "0");
  }

  Path database() throws Exception {
    Path file = dir.resolve("country.mmdb");
    Files.write(
        file, new MmdbFixture().network24("203.0.113", "DE").network24("198.51.100", "FR").build());
    return file;
  }

  @Test
  @DisplayName("A-04 a property whose policy lists a country field gets the visitor's country")
  void countryWhereDeclared() throws Exception {
    try (CountryLookup lookup =
        new CountryLookup(database().toString(), List.of(property("with-country", true)))) {
      assertThat(lookup.country("with-country", "203.0.113.77")).isEqualTo("DE");
      assertThat(lookup.country("with-country", "198.51.100.1")).isEqualTo("FR");
      assertThat(lookup.country("with-country", "192.0.2.1")).isNull();
      assertThat(lookup.country("with-country", "2001:db8::1"))
          .as("IPv6 in an IPv4 database")
          .isNull();
      assertThat(lookup.country("with-country", "not an address")).isNull();
    }
  }

  @Test
  @DisplayName(
      "A-04 the reference site's policy lists no country: none is looked up even with a database")
  void noCountryWhereNotDeclared() throws Exception {
    ServedProperty site = property("reference-site", false);
    assertThat(CountryLookup.declaresCountry(site)).isFalse();
    try (CountryLookup lookup = new CountryLookup(database().toString(), List.of(site))) {
      assertThat(lookup.country("reference-site", "203.0.113.77")).isNull();
    }
  }

  @Test
  @DisplayName("no database configured: no country, no error")
  void noDatabase() throws Exception {
    try (CountryLookup lookup = new CountryLookup(null, List.of(property("with-country", true)))) {
      assertThat(lookup.country("with-country", "203.0.113.77")).isNull();
    }
  }

  @Test
  @DisplayName("a missing or malformed database file is a clear start-up error")
  void badDatabase() throws Exception {
    assertThatThrownBy(() -> new CountryLookup(dir.resolve("missing.mmdb").toString(), List.of()))
        .hasMessageContaining("pledge.analytics.geoip-database: cannot read")
        .hasMessageContaining("GeoLite2-Country.mmdb");
    Path junk = dir.resolve("junk.mmdb");
    Files.writeString(junk, "this is not a database");
    assertThatThrownBy(() -> new CountryLookup(junk.toString(), List.of()))
        .hasMessageContaining("is not a MaxMind-format database");
  }
}
