package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.console.ConsoleClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The credit history names an edit's charge and its refund in the reader's language: the ledger's
 * reasons "image edit" and "image edit failed" were shown as written, in English on the Chinese
 * page. A plan's name (the monthly grant's reason) is a product name and stays as it is.
 */
@WithRunningServer
class LedgerReasonWordsTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Credits credits;

  @Test
  @DisplayName("B-04 the credit history in 简体中文 translates an edit's charge and refund")
  void chargeAndRefundInChinese() throws Exception {
    StudioTestAccounts.Account account = StudioTestAccounts.create(jdbc, "Ledger Reader", "zh-CN");
    credits.charge(account.id(), 2, "image edit", "job-words-1");
    credits.refund(account.id(), 2, "image edit failed", "job-words-1");
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.0.1");
    StudioTestAccounts.signIn(studio, account);
    String page = studio.get("/p/image-studio/billing/credits").body();
    assertThat(page)
        .contains("图片编辑失败，点数已退回")
        .contains(">图片编辑<")
        .doesNotContain("image edit")
        .contains(">Free<");
  }
}
