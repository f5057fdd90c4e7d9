package dev.pledge.server.console.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's in-process mail server, under {@code pledge.demo-mail.*} ({@code pledge demo} only).
 *
 * @param enabled true to run it
 * @param smtpPort localhost port of its SMTP server
 * @param imapPort localhost port of its IMAP server
 * @param password password of the privacy mailbox; never logged
 */
@ConfigurationProperties("pledge.demo-mail")
record DemoMailSettings(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("3025") int smtpPort,
    @DefaultValue("3143") int imapPort,
    String password) {

  @Override
  public String toString() {
    return "DemoMailSettings[smtp=" + smtpPort + ", imap=" + imapPort + "]";
  }
}
