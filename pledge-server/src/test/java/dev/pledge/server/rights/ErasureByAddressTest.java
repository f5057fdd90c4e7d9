package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A request that names only an e-mail address — the console API, the public form, a mail to the
 * privacy address — reaches the studio account that address signs in to. Before, the erasure looked
 * the address up in the account's stores, which find people by account id only: the request
 * completed having erased nothing and the account stayed.
 */
@WithRunningServer
class ErasureByAddressTest {

  static final List<String> ACCOUNT_TABLES =
      List.of("studio_account", "studio_subscription", "studio_credential", "studio_preference");

  @Autowired RightsRequests requests;
  @Autowired RequestErasures erasures;
  @Autowired RequestSubjects subjects;
  @Autowired RightsMailIntake intake;
  @Autowired RequestExports exports;
  @Autowired PledgeSettings settings;
  @Autowired JdbcClient jdbc;

  GreenMail mail = TestMailServer.greenMail();
  final List<String> opened = new ArrayList<>();

  // The mailbox is shared by the test JVM: a message left in it would be another test's request.
  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  // Other tests expect no request past its deadline on the shared server.
  @AfterEach
  void closeRequests() {
    for (String reference : opened) {
      if (!requests.require(reference).status().closed()) {
        requests.changeStatus(reference, RightsRequestStatus.REJECTED, "test over", "test");
      }
    }
  }

  private long rows(String table, String accountId) {
    return jdbc.sql("select count(*) from " + table + " where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }

  private RightsRequest openByAddress(RequestChannel channel, String address) {
    return open("image-studio", RightsRequestKind.ERASURE, channel, address, null);
  }

  private RightsRequest open(
      String property,
      RightsRequestKind kind,
      RequestChannel channel,
      String address,
      String subject) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                property, kind, null, channel, null, address, subject, null, false),
            "test");
    opened.add(r.reference());
    return r;
  }

  /** Verifies through the e-mailed link's token, schedules the erasure and runs its job. */
  private List<ErasureLine> verifyAndErase(RightsRequest r) {
    assertThat(r.status()).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);
    assertThat(Confirmations.confirm(requests, "image-studio", r.reference())).isPresent();
    assertThat(erasures.claim(r.reference(), "operator:test")).isTrue();
    erasures.run(r.reference());
    assertThat(erasures.state(r.reference())).isEqualTo(RequestErasures.State.DONE);
    return erasures.receipt(r.reference()).orElseThrow();
  }

  private void assertAccountErased(StudioTestAccounts.Account a, RightsRequest r) {
    for (String table : ACCOUNT_TABLES) {
      assertThat(rows(table, a.id())).as(table + " keeps nothing of the account").isZero();
    }
    List<ErasureLine> lines = erasures.receipt(r.reference()).orElseThrow();
    assertThat(lines)
        .filteredOn(l -> l.store().equals("studio.accounts"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.erased()).as("the account row, on the receipt").isEqualTo(1);
              assertThat(l.remaining()).isZero();
            });
    assertThat(lines)
        .filteredOn(l -> l.store().equals("studio.credentials"))
        .singleElement()
        .satisfies(l -> assertThat(l.erased()).isEqualTo(1));
    assertThat(lines).allSatisfy(l -> assertThat(l.remaining()).as(l.store()).isZero());
    assertThat(requests.history(r.reference()))
        .anySatisfy(
            e ->
                assertThat(e.note())
                    .isEqualTo(
                        "the requester's verified address is an account's: its stores were"
                            + " erased too"));
  }

  @ParameterizedTest
  @EnumSource(
      value = RequestChannel.class,
      names = {"API", "FORM", "EMAIL"})
  @DisplayName(
      "B-27 an erasure asked for by the address of a studio account (console API, form, e-mail)"
          + " erases the account in every store, and the receipt shows the rows erased")
  void erasureByAddressErasesTheAccount(RequestChannel channel) {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Dana", "en");
    for (String table : ACCOUNT_TABLES) {
      assertThat(rows(table, a.id())).as(table + " before").isEqualTo(1);
    }
    // Written in another letter case than at sign-up: addresses are matched case-insensitively.
    RightsRequest r = openByAddress(channel, a.email().toUpperCase(Locale.ROOT));
    verifyAndErase(r);
    assertAccountErased(a, r);
  }

  @Test
  @DisplayName(
      "B-27 B-29 a deletion request mailed to the studio's privacy address from an account's"
          + " address erases that account once verified")
  void mailedRequestErasesTheAccount() throws Exception {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Mailer", "en");
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress(a.email()));
    m.setRecipients(Message.RecipientType.TO, "privacy@studio.example.com");
    m.setSubject("Please delete my data");
    m.setText("Delete my account and everything in it.");
    m.saveChanges();
    try (Folder inbox = inbox()) {
      inbox.appendMessages(new Message[] {m});
    }
    intake.poll();
    String reference =
        jdbc.sql("select reference from rights_request where lower(requester_address) = lower(:a)")
            .param("a", a.email())
            .query(String.class)
            .single();
    opened.add(reference);
    RightsRequest r = requests.require(reference);
    assertThat(r.property()).isEqualTo("image-studio");
    assertThat(r.kind()).isEqualTo(RightsRequestKind.ERASURE);
    assertThat(r.channel()).isEqualTo(RequestChannel.EMAIL);
    verifyAndErase(r);
    assertAccountErased(a, r);
  }

  @Test
  @DisplayName(
      "B-27 a request by address reaches the account of that address (erasure and export alike);"
          + " one naming its account, or an address with none, stays as it is")
  void subjectsOfARequest() {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Subjects", "en");
    RightsRequest byAddress = openByAddress(RequestChannel.API, a.email());
    assertThat(subjects.of(byAddress)).containsExactly(a.id(), a.email());

    String stranger = "nobody-" + System.nanoTime() + "@example.org";
    assertThat(subjects.of(openByAddress(RequestChannel.FORM, stranger))).containsExactly(stranger);

    // The reference site has no accounts: the same address finds none there.
    RightsRequest elsewhere =
        open("reference-site", RightsRequestKind.ACCESS, RequestChannel.API, a.email(), null);
    assertThat(subjects.of(elsewhere)).containsExactly(a.email());

    StudioTestAccounts.Account other = StudioTestAccounts.create(jdbc, "Other", "en");
    RightsRequest named =
        open("image-studio", RightsRequestKind.ERASURE, RequestChannel.API, a.email(), other.id());
    assertThat(subjects.of(named))
        .as("the account the operator named wins; the address finds no second account")
        .containsExactly(other.id(), a.email());
  }

  @Test
  @DisplayName(
      "B-27 an access request by the address of a studio account exports the account's data")
  void accessByAddressExportsTheAccount() throws Exception {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Reader", "en");
    RightsRequest r =
        open("image-studio", RightsRequestKind.ACCESS, RequestChannel.API, a.email(), null);
    assertThat(Confirmations.confirm(requests, "image-studio", r.reference())).isPresent();
    exports.prepare(r.reference(), "operator:test");
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(exports.open(ExportObjects.download(settings, jdbc, r)))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries.get("user.account.identity.json"))
        .as(entries.keySet().toString())
        .isNotNull()
        .contains(a.username())
        .contains(a.id());
  }

  /** The editorial inbox over IMAP, open for writing; closing it closes the connection. */
  Folder inbox() throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect(
        mail.getImap().getServerSetup().getBindAddress(),
        mail.getImap().getPort(),
        TestMailServer.MAILBOX,
        TestMailServer.PASSWORD);
    Folder folder = store.getFolder("INBOX");
    folder.open(Folder.READ_WRITE);
    return folder;
  }
}
