package dev.pledge.server.consent;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.studio.StudioRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Global Privacy Control on the server: a studio page requested with {@code Sec-GPC: 1} by a
 * signed-in account, or by a browser that holds a consent id, gets a receipt with source {@code
 * gpc} that refuses marketing (the opt-out of sale, sharing and marketing cookies, B-24) — once,
 * not on every request: only when the newest receipt of that account (else that browser) does not
 * already record it under the current consent revision. A browser with neither is still honoured
 * (the banner never offers marketing to it) but has nothing to name in a receipt.
 *
 * <p>Runs after Spring Security, so the signed-in account is known.
 */
@Configuration(proxyBeanMethods = false)
class GpcReceiptFilter {

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> gpcReceipts(
      StudioRequests studio, ConsentReceipts receipts, CurrentAccount current) {
    OncePerRequestFilter filter =
        new OncePerRequestFilter() {
          @Override
          protected void doFilterInternal(
              HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws ServletException, IOException {
            if ("GET".equals(request.getMethod())
                && studio.matches(request)
                && !request.getServletPath().startsWith("/studio-assets/")
                && GpcSignal.isSet(request)) {
              record(request, receipts, current);
            }
            chain.doFilter(request, response);
          }
        };
    var registration = new FilterRegistrationBean<OncePerRequestFilter>(filter);
    // After Spring Security's filter (-100): the account is known by then.
    registration.setOrder(0);
    registration.addUrlPatterns("/*");
    return registration;
  }

  static void record(HttpServletRequest request, ConsentReceipts receipts, CurrentAccount current) {
    String account = current.id().orElse(null);
    ConsentCookie cookie = ConsentCookie.of(request).orElse(null);
    String device = cookie == null ? null : cookie.consentId();
    if (account == null && device == null) {
      return;
    }
    int revision = receipts.inventory().revision();
    var latest = receipts.latest(account, device);
    if (latest.isPresent()
        && latest.get().gpc()
        && latest.get().revision() == revision
        && !latest.get().granted().contains(ConsentReceipts.MARKETING)) {
      return;
    }
    // What the person allowed before stays allowed, except marketing.
    Set<String> keep = new HashSet<>();
    if (cookie != null && cookie.revision() == revision) {
      keep.addAll(cookie.categories());
    } else if (latest.isPresent() && latest.get().revision() == revision) {
      keep.addAll(latest.get().granted());
    }
    keep.retainAll(receipts.inventory().categories().stream().map(c -> c.id()).toList());
    receipts.record(account, device, keep, ConsentReceipt.Source.GPC, true);
  }
}
