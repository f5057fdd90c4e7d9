package dev.pledge.cli;

import dev.pledge.server.consent.CookieAudit;
import dev.pledge.server.shared.HumanFormat;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** {@code pledge verify --cookies}: runs the cookie audit and prints what it saw and found. */
final class CookieAuditOutput {

  private CookieAuditOutput() {}

  static int run(List<URI> pages, Path chromium, PrintWriter out, PrintWriter err) {
    for (URI page : pages) {
      if (page.getScheme() == null
          || !(page.getScheme().equals("http") || page.getScheme().equals("https"))
          || page.getHost() == null) {
        err.println(
            "pledge verify --cookies: '"
                + page
                + "' is not an http(s) address of a page;"
                + " give one like http://localhost:8080/p/image-studio/");
        err.flush();
        return 2;
      }
    }
    try {
      out.println(
          "Cookie audit of "
              + HumanFormat.plural(pages.size(), "page")
              + " in 4 states (no choice, all refused, all accepted, GPC on):");
      out.flush();
      CookieAudit.Report report = new CookieAudit(chromium).run(pages, out);
      out.println();
      if (report.clean()) {
        out.println(
            "No violations: every cookie and storage entry is declared in the policy, none that"
                + " needs consent is set before it is given or after it is refused, and none of"
                + " marketing under Global Privacy Control.");
        return 0;
      }
      out.println(HumanFormat.plural(report.violations().size(), "violation") + ":");
      for (CookieAudit.Violation v : report.violations()) {
        out.println(
            "  "
                + v.kind()
                + "  ["
                + v.state().name().toLowerCase(java.util.Locale.ROOT)
                + "]  "
                + v.url());
        out.println("      " + v.what());
      }
      return 1;
    } catch (CookieAudit.PolicyUnavailable e) {
      err.println("pledge verify --cookies: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("pledge verify --cookies: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
