package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.WithRunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The credit ledger other modules charge edits to (B-04): atomic, idempotent, never overdrawn. */
@WithRunningServer
class CreditsTest {

  @Autowired Credits credits;
  @Autowired Plans plans;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  private String account() {
    return StudioTestAccounts.create(jdbc, "Cora", "en").id();
  }

  private long entries(String accountId) {
    return jdbc.sql("select count(*) from billing_credit_entry where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName(
      "B-04 a new account is on the free plan with its first month's credits, granted once")
  void newAccountGetsTheFreePlansCredits() {
    String a = account();
    assertThat(plans.of(a).id()).isEqualTo("free");
    long free = plans.free().monthlyCredits();
    assertThat(credits.balance(a)).isEqualTo(free);
    assertThat(credits.balance(a)).isEqualTo(free);
    assertThat(entries(a)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "B-04 a charge the balance cannot cover is refused with InsufficientCredits; nothing changes")
  void shortBalanceRefused() {
    String a = account();
    long balance = credits.balance(a);
    assertThatThrownBy(() -> credits.charge(a, balance + 1, "edit: rotate", "job-1"))
        .isInstanceOf(InsufficientCredits.class)
        .satisfies(
            e -> {
              assertThat(((InsufficientCredits) e).balance()).isEqualTo(balance);
              assertThat(((InsufficientCredits) e).needed()).isEqualTo(balance + 1);
            });
    assertThat(credits.balance(a)).isEqualTo(balance);
    assertThat(entries(a)).isEqualTo(1);
    // the same job may be charged once the balance allows it: the refusal left no entry behind
    CreditEntry charged = credits.charge(a, balance, "edit: rotate", "job-1");
    assertThat(charged.balanceAfter()).isZero();
  }

  @Test
  @DisplayName("B-04 a retried charge for the same job charges once and returns the first charge")
  void chargeIsIdempotentByReference() {
    String a = account();
    long balance = credits.balance(a);
    CreditEntry first = credits.charge(a, 5, "edit: rotate", "job-42");
    CreditEntry again = credits.charge(a, 5, "edit: rotate", "job-42");
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(credits.balance(a)).isEqualTo(balance - 5);
    assertThat(first.kind()).isEqualTo(CreditKind.CHARGE);
    assertThat(first.credits()).isEqualTo(-5);
    assertThat(first.reference()).isEqualTo("job-42");
    assertThat(first.at()).isNotNull();
  }

  @Test
  @DisplayName(
      "B-04 concurrent charges never overdraw: exactly as many succeed as the balance covers")
  void concurrentChargesNeverOverdraw() throws Exception {
    String a = account();
    credits.grant(a, 100, CreditKind.PROMOTION, "test", "promo-" + UUID.randomUUID());
    long balance = credits.balance(a);
    int threads = 8;
    int perThread = 6;
    long each = 7;
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                (Callable<Integer>)
                    () -> {
                      start.await();
                      int ok = 0;
                      for (int i = 0; i < perThread; i++) {
                        try {
                          credits.charge(a, each, "edit", "job-" + thread + "-" + i);
                          ok++;
                        } catch (InsufficientCredits e) {
                          refused.incrementAndGet();
                        }
                      }
                      return ok;
                    }));
      }
      start.countDown();
      int succeeded = 0;
      for (Future<Integer> f : results) {
        succeeded += f.get();
      }
      assertThat((long) threads * perThread * each).isGreaterThan(balance);
      assertThat(succeeded).isEqualTo((int) (balance / each));
      assertThat(refused.get()).isEqualTo(threads * perThread - succeeded);
      assertThat(credits.balance(a)).isEqualTo(balance - succeeded * each).isNotNegative();
      long charges =
          jdbc.sql(
                  "select count(*) from billing_credit_entry where account_id = :a and kind = 'charge'")
              .param("a", a)
              .query(Long.class)
              .single();
      assertThat(charges).isEqualTo(succeeded);
      long ledgerSum =
          jdbc.sql("select sum(credits) from billing_credit_entry where account_id = :a")
              .param("a", a)
              .query(Long.class)
              .single();
      assertThat(ledgerSum).as("the ledger adds up to the balance").isEqualTo(credits.balance(a));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("B-04 concurrent retries of one job's charge record one charge")
  void concurrentRetriesChargeOnce() throws Exception {
    String a = account();
    long balance = credits.balance(a);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<CreditEntry>> results = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return credits.charge(a, 3, "edit", "job-same");
                }));
      }
      start.countDown();
      List<String> ids = new ArrayList<>();
      for (Future<CreditEntry> f : results) {
        ids.add(f.get().id());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(credits.balance(a)).isEqualTo(balance - 3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "B-04 a failed edit's refund gives its charge back once, never more than was charged")
  void refunds() {
    String a = account();
    long balance = credits.balance(a);
    credits.charge(a, 8, "edit: style", "job-7");
    assertThatThrownBy(() -> credits.refund(a, 9, "edit failed", "job-7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than its charge of 8");
    CreditEntry refund = credits.refund(a, 8, "edit failed", "job-7");
    assertThat(refund.kind()).isEqualTo(CreditKind.REFUND);
    assertThat(credits.refund(a, 8, "edit failed", "job-7").id()).isEqualTo(refund.id());
    assertThat(credits.balance(a)).isEqualTo(balance);
  }

  @Test
  @DisplayName("B-04 bad calls are refused with what is wrong, and change nothing")
  void badCalls() {
    String a = account();
    long balance = credits.balance(a);
    assertThatThrownBy(() -> credits.charge(a, 0, "edit", "job-0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> credits.charge(a, 1, " ", "job-0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> credits.charge(a, 1, "edit", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reference");
    assertThatThrownBy(() -> credits.grant(a, 5, CreditKind.CHARGE, "x", "y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a grant");
    assertThatThrownBy(() -> credits.charge(UUID.randomUUID().toString(), 1, "edit", "job-0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no studio account");
    assertThat(credits.balance(a)).isEqualTo(balance);
    assertThat(entries(a)).isEqualTo(1);
  }

  @Test
  @DisplayName("B-04 a charge joins the caller's transaction, and a refused one does not spoil it")
  void chargesJoinTheCallersTransaction() {
    String a = account();
    long balance = credits.balance(a);
    tx.executeWithoutResult(
        t -> {
          credits.charge(a, 2, "edit", "job-rolled-back");
          t.setRollbackOnly();
        });
    assertThat(credits.balance(a)).isEqualTo(balance);
    tx.executeWithoutResult(
        t -> {
          assertThatThrownBy(() -> credits.charge(a, balance + 10, "edit", "job-too-big"))
              .isInstanceOf(InsufficientCredits.class);
          credits.charge(a, 1, "edit", "job-small");
        });
    assertThat(credits.balance(a)).isEqualTo(balance - 1);
  }
}
