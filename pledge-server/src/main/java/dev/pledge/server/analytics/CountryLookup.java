package dev.pledge.server.analytics;

import com.google.common.net.InetAddresses;
import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CountryResponse;
import dev.pledge.policy.DataCategory;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The visitor's country from an offline database, before the address is forgotten — only when the
 * operator configured one ({@code pledge.analytics.geoip-database}) and only for properties whose
 * policy lists a country field for page analytics: the reference site's does not, so it never gets
 * one. Nothing is downloaded; the database is the operator's file.
 */
@Component
class CountryLookup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CountryLookup.class);

  private final DatabaseReader reader;
  private final Set<String> declaring = new HashSet<>();

  @Autowired
  CountryLookup(AnalyticsSettings settings, PolicyCatalog catalog) {
    this(blankToNull(settings.geoipDatabase()), catalog.all());
  }

  CountryLookup(String file, java.util.Collection<ServedProperty> properties) {
    if (file == null) {
      reader = null;
      return;
    }
    reader = open(Path.of(file));
    for (ServedProperty p : properties) {
      if (declaresCountry(p)) {
        declaring.add(p.id().value());
      } else {
        log.info(
            "GeoIP database configured, but the policy of {} lists no country field for page"
                + " analytics: no country is looked up for it",
            p.id());
      }
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static DatabaseReader open(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "pledge.analytics.geoip-database: cannot read "
              + file.toAbsolutePath()
              + ". Give the path of a MaxMind-format country database (for example"
              + " GeoLite2-Country.mmdb), or leave the setting empty to store no country.");
    }
    try {
      DatabaseReader r =
          new DatabaseReader.Builder(file.toFile()).withCache(new CHMCache()).build();
      if (!r.getMetadata().getDatabaseType().toLowerCase(Locale.ROOT).contains("country")) {
        throw new IllegalStateException(
            "pledge.analytics.geoip-database: "
                + file
                + " is a "
                + r.getMetadata().getDatabaseType()
                + " database; Pledge needs a country database (only the country is kept).");
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "pledge.analytics.geoip-database: "
              + file
              + " is not a MaxMind-format database ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  static boolean declaresCountry(ServedProperty p) {
    return p.policy().categories().stream()
        .filter(c -> EventIngest.ANALYTICS_CATEGORIES.contains(c.id()))
        .filter(c -> c.collected() != DataCategory.Collected.NO)
        .flatMap(c -> c.fields().stream())
        .anyMatch(f -> f.toLowerCase(Locale.ROOT).contains("country"));
  }

  /** The ISO 3166 country code of {@code ip} for {@code propertyId}, or null. */
  String country(String propertyId, String ip) {
    if (reader == null || !declaring.contains(propertyId)) {
      return null;
    }
    try {
      CountryResponse r = reader.tryCountry(InetAddresses.forString(ip)).orElse(null);
      return r == null || r.getCountry() == null ? null : r.getCountry().getIsoCode();
    } catch (IOException | GeoIp2Exception | IllegalArgumentException e) {
      // An address the database cannot answer for (an IPv6 address in an IPv4 database): none.
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }
}
