package dev.pledge.server.accounts;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.common.io.BaseEncoding;
import dev.pledge.server.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/** What the studio's tests read from the shared GreenMail, and codes they compute. */
final class MailAndCodes {

  /** A single-use link of the studio: its token after {@code #t=}. */
  static final Pattern LINK = Pattern.compile("https?://[^\\s#]+#t=[A-Za-z0-9_-]+");

  private MailAndCodes() {}

  /** A received message: subject and decoded text. */
  record Mail(String subject, String body) {}

  /** Every message sent to {@code address} so far, oldest first. */
  static List<Mail> to(String address) {
    List<Mail> out = new ArrayList<>();
    for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
      try {
        boolean mine =
            Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
        if (mine) {
          out.add(new Mail(m.getSubject(), String.valueOf(m.getContent())));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Waits (up to 15 s) for the {@code n}-th message to {@code address}, 1-based. */
  static Mail await(String address, int n) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      List<Mail> mails = to(address);
      if (mails.size() >= n) {
        return mails.get(n - 1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message #" + n + " reached " + address);
  }

  /** Waits (up to 15 s) for a message to {@code address} whose subject contains {@code words}. */
  static Mail await(String address, String words) throws InterruptedException {
    return await(address, words, java.time.Duration.ofSeconds(15));
  }

  static Mail await(String address, String words, java.time.Duration patience)
      throws InterruptedException {
    for (long i = 0; i < patience.toMillis() / 100; i++) {
      for (Mail m : to(address)) {
        if (m.subject().toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message about '" + words + "' reached " + address);
  }

  /** The studio link in {@code body}, made local: {@code base + /p/image-studio + path + #t=…}. */
  static String localLink(String body, String base) {
    Matcher m = LINK.matcher(body);
    if (!m.find()) {
      throw new AssertionError("no single-use link in: " + body);
    }
    URI uri = URI.create(m.group());
    return base + "/p/image-studio" + uri.getRawPath() + "#" + uri.getRawFragment();
  }

  /** The code an authenticator app shows at {@code at} for the key the enrolment page shows. */
  static String totp(String manualKey, Instant at) throws Exception {
    byte[] secret = BaseEncoding.base32().decode(manualKey.replace(" ", ""));
    TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
    return String.format(
        "%06d",
        generator.generateOneTimePassword(new SecretKeySpec(secret, generator.getAlgorithm()), at));
  }
}
