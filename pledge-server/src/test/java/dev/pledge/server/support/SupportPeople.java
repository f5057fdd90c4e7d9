package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The people of the support tests, in Chromium: studio accounts signed up and verified through the
 * real pages and e-mails, and console operators; plus what they find in the shared GreenMail.
 */
final class SupportPeople {

  private static final Pattern LINK = Pattern.compile("https?://[^\\s#]+#t=[0-9a-f]+");

  private SupportPeople() {}

  /** A studio person in a browser of their own. */
  record Person(BrowserContext context, Page page, String base, String email, String password)
      implements AutoCloseable {

    String studio() {
      return base + "/p/image-studio";
    }

    void open(String path) {
      page.navigate(studio() + path);
    }

    String h1() {
      return page.locator("h1").first().textContent().strip();
    }

    String csrf() {
      return page.locator("input[name=_csrf]").first().getAttribute("value");
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /**
   * Signs a new person up (born {@code age} years ago, in {@code country}) and verifies their
   * address through the e-mailed link; they end signed in.
   */
  static Person verified(
      BrowserSession browser, int port, String name, String country, int age, String language)
      throws InterruptedException {
    String tag = Long.toString(System.nanoTime(), 36);
    String first = name.split(" ")[0].toLowerCase(Locale.ROOT);
    String email = first + "-" + tag + "@example.org";
    String password = "quiet meadow lantern " + tag;
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setUserAgent(BrowserSession.DESKTOP_CHROME)
                .setLocale(language)
                .setExtraHTTPHeaders(Map.of("Accept-Language", language)));
    Page page = context.newPage();
    Person p = new Person(context, page, "http://localhost:" + port, email, password);
    p.open("/sign-up");
    page.fill("#name", name);
    page.fill("#username", first + tag);
    page.fill("#email", email);
    page.fill("#password", password);
    page.selectOption("#country", country);
    page.fill("#birthDate", LocalDate.now(ZoneOffset.UTC).minusYears(age).minusDays(3).toString());
    page.click("form[action$='/sign-up'] button[type=submit]");
    page.navigate(localLink(awaitFirstMail(email).body(), p.base()));
    page.click("form[data-token-form] button[type=submit]");
    assertThat(page.url()).endsWith("/welcome");
    return p;
  }

  /** A console operator signed in in a browser of their own. */
  static Page operator(BrowserSession browser, JdbcClient jdbc, int port) {
    return dev.pledge.server.ConsoleOperators.signedIn(browser, jdbc, port, "support-operator");
  }

  /** The account id of {@code email}. */
  static String accountOf(JdbcClient jdbc, String email) {
    return jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
        .param("e", email)
        .query(String.class)
        .single();
  }

  /** A received message: subject, decoded text and the message itself (for its headers). */
  record Mail(String subject, String body, MimeMessage message) {
    String header(String name) throws jakarta.mail.MessagingException {
      String[] values = message.getHeader(name);
      return values == null ? null : values[0];
    }
  }

  /** Every message to {@code address} so far, oldest first. */
  static List<Mail> mailTo(String address) {
    List<Mail> out = new ArrayList<>();
    for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
      try {
        boolean mine =
            m.getRecipients(Message.RecipientType.TO) != null
                && Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
        if (mine) {
          Object content = m.getContent();
          out.add(
              new Mail(
                  m.getSubject(),
                  content instanceof String text ? text : GreenMailUtil.getBody(m),
                  m));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Waits (up to 15 s) for the first message to {@code address}. */
  static Mail awaitFirstMail(String address) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      List<Mail> mails = mailTo(address);
      if (!mails.isEmpty()) {
        return mails.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message reached " + address);
  }

  /** The messages to {@code address} whose subject contains {@code words}, oldest first. */
  static List<Mail> mailsAbout(String address, String words) {
    return mailTo(address).stream()
        .filter(m -> m.subject().toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT)))
        .toList();
  }

  /** Waits (up to 15 s) for a message to {@code address} whose subject contains {@code words}. */
  static Mail awaitMail(String address, String words) throws InterruptedException {
    return awaitMail(address, words, 1);
  }

  /** Waits (up to 15 s) for the {@code n}-th such message, 1-based. */
  static Mail awaitMail(String address, String words, int n) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      List<Mail> found = mailsAbout(address, words);
      if (found.size() >= n) {
        return found.get(n - 1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message #" + n + " about '" + words + "' reached " + address);
  }

  /** The studio link with a token in {@code body}, made local. */
  static String localLink(String body, String base) {
    Matcher m = LINK.matcher(body);
    if (!m.find()) {
      throw new AssertionError("no single-use link in: " + body);
    }
    URI uri = URI.create(m.group());
    return base + "/p/image-studio" + uri.getRawPath() + "#" + uri.getRawFragment();
  }

  /** A studio address from an e-mail ({@code https://studio.example.com/x}), made local. */
  static String local(String link, String base) {
    URI uri = URI.create(link);
    return base + "/p/image-studio" + uri.getRawPath();
  }
}
