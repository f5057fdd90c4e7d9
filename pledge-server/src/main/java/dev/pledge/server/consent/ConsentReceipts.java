package dev.pledge.server.consent;

import dev.pledge.server.studio.Studio;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records the studio's consent receipts and reads them back. A choice is checked against the
 * policy's inventory: unknown categories are refused as input, strictly necessary ones are always
 * granted, and under Global Privacy Control the marketing category is refused whatever was ticked
 * (an opt-out of sale, sharing and marketing, B-24).
 */
@Component
class ConsentReceipts {

  /** The category Global Privacy Control always refuses. */
  static final String MARKETING = "marketing";

  private final JdbcClient jdbc;
  private final Studio studio;
  private final Clock clock;

  ConsentReceipts(JdbcClient jdbc, Studio studio, Clock clock) {
    this.jdbc = jdbc;
    this.studio = studio;
    this.clock = clock;
  }

  CookieInventory inventory() {
    return CookieInventory.of(studio.policy());
  }

  /** A category the policy does not declare. */
  static final class UnknownCategory extends IllegalArgumentException {
    UnknownCategory(String id, List<String> known) {
      super("unknown cookie category '" + id + "'; the policy declares " + known);
    }
  }

  /**
   * Records a choice: {@code accepted} lists the categories the person allowed (others of the
   * policy are refused).
   */
  ConsentReceipt record(
      String accountId,
      String deviceRef,
      Set<String> accepted,
      ConsentReceipt.Source source,
      boolean gpc) {
    CookieInventory inventory = inventory();
    List<String> known = inventory.categories().stream().map(c -> c.id()).toList();
    for (String id : accepted) {
      if (!known.contains(id)) {
        throw new UnknownCategory(id, known);
      }
    }
    Set<String> granted = new LinkedHashSet<>(inventory.essentialCategories());
    List<String> refused = new ArrayList<>();
    for (String id : inventory.consentCategories()) {
      if (accepted.contains(id) && !(gpc && MARKETING.equals(id))) {
        granted.add(id);
      } else {
        refused.add(id);
      }
    }
    ConsentReceipt r =
        new ConsentReceipt(
            UUID.randomUUID().toString(),
            accountId,
            deviceRef,
            List.copyOf(granted),
            List.copyOf(refused),
            studio.property().sha256(),
            inventory.revision(),
            source,
            gpc,
            clock.instant());
    jdbc.sql(
            "insert into consent_receipt (receipt_id, property_id, account_id, device_ref, granted,"
                + " refused, policy_sha256, consent_revision, source, gpc, recorded_at) values"
                + " (:id, :property, :account, :device, :granted, :refused, :sha, :revision,"
                + " :source, :gpc, :at)")
        .param("id", r.id())
        .param("property", studio.id())
        .param("account", accountId)
        .param("device", deviceRef)
        .param("granted", r.granted().toArray(String[]::new))
        .param("refused", r.refused().toArray(String[]::new))
        .param("sha", r.policySha256())
        .param("revision", r.revision())
        .param("source", source.key())
        .param("gpc", gpc)
        .param("at", Timestamp.from(r.recordedAt()))
        .update();
    return r;
  }

  /** The receipts of an account and of a browser, newest first. */
  List<ConsentReceipt> of(String accountId, String deviceRef) {
    if (accountId == null && deviceRef == null) {
      return List.of();
    }
    return jdbc.sql(
            "select * from consent_receipt where property_id = :property and (account_id = :account"
                + " or device_ref = :device) order by recorded_at desc, receipt_id limit 200")
        .param("property", studio.id())
        .param("account", accountId)
        .param("device", deviceRef)
        .query((rs, i) -> map(rs))
        .list();
  }

  /** The newest receipt of an account, or else of a browser. */
  Optional<ConsentReceipt> latest(String accountId, String deviceRef) {
    return of(accountId, deviceRef).stream()
        .filter(r -> accountId == null || accountId.equals(r.accountId()))
        .findFirst();
  }

  private static ConsentReceipt map(ResultSet rs) throws SQLException {
    return new ConsentReceipt(
        rs.getString("receipt_id"),
        rs.getString("account_id"),
        rs.getString("device_ref"),
        strings(rs.getArray("granted")),
        strings(rs.getArray("refused")),
        rs.getString("policy_sha256"),
        rs.getInt("consent_revision"),
        ConsentReceipt.Source.of(rs.getString("source")),
        rs.getBoolean("gpc"),
        rs.getTimestamp("recorded_at").toInstant());
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : List.of((String[]) a.getArray());
  }
}
