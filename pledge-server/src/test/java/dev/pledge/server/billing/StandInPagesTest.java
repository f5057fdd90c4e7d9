package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.LocalHttp;
import dev.pledge.server.WithRunningServer;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's payment stand-in refuses what a processor would (B-04): billing details it cannot put
 * on an invoice get the page again with what is missing, and nothing is paid or sent; a checkout it
 * does not know is its own 404 page.
 */
@WithRunningServer
class StandInPagesTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Purchases purchases;
  @Autowired MessageSource messages;

  private LocalHttp.Response post(String path, String form) throws Exception {
    return LocalHttp.send(
        port,
        "localhost",
        "POST",
        path,
        Map.of("Content-Type", "application/x-www-form-urlencoded"),
        form);
  }

  @Test
  @DisplayName(
      "B-04 the stand-in refuses a payment without a name or a two-letter country, clearly, and nothing is paid")
  void badDetails() throws Exception {
    var a = StudioTestAccounts.create(jdbc, "Pim", "en");
    String to =
        purchases.start(
            a.id(),
            a.email(),
            null,
            "small",
            "http://localhost:" + port + "/p/image-studio",
            Locale.ENGLISH);
    String session = to.substring(to.indexOf("cs_test_"), to.indexOf('?'));
    String problem = messages.getMessage("standin.problem", null, Locale.ENGLISH);
    for (String form :
        new String[] {
          "name=Pim+Tester&country=Great+Britain",
          "name=&country=GB",
          "name=" + "x".repeat(201) + "&country=GB"
        }) {
      LocalHttp.Response r =
          post(StandInProcessor.PATH + "/checkout/" + session + "/pay", form + "&locale=en");
      assertThat(r.status()).as(form).isEqualTo(400);
      assertThat(r.body()).as(form).contains(problem);
      assertThat(r.header("content-security-policy")).contains("default-src 'none'");
    }
    assertThat(
            jdbc.sql("select status from billing_checkout where account_id = :a")
                .param("a", a.id())
                .query(String.class)
                .single())
        .isEqualTo("open");
    assertThat(
            jdbc.sql("select count(*) from billing_invoice where account_id = :a")
                .param("a", a.id())
                .query(Long.class)
                .single())
        .isZero();

    LocalHttp.Response missing =
        LocalHttp.get(port, "localhost", StandInProcessor.PATH + "/checkout/cs_test_nothing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body())
        .contains(messages.getMessage("standin.missing", null, Locale.ENGLISH));
  }
}
