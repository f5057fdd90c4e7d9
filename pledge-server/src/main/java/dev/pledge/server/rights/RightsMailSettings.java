package dev.pledge.server.rights;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The privacy mailbox read for e-mailed rights requests (A-21), under {@code pledge.mail.imap.*}.
 * Without a host the intake is off.
 *
 * @param host IMAP server, or {@code null} to leave the intake off
 * @param port IMAP port (993 with SSL, 143 without)
 * @param user login
 * @param password password; never logged
 * @param ssl true for IMAPS
 * @param folder the folder to read
 * @param otherFolders further folders of the same mailbox that hold correspondence (the editors'
 *     replies, e.g. {@code Sent}): covered by retention and by erasure and export, never read by
 *     the intake; empty by default
 * @param property the property whose requests arrive here when no recipient names one of its
 *     contact addresses, or {@code null}
 * @param pollInterval how often the mailbox is read
 */
@ConfigurationProperties("pledge.mail.imap")
record RightsMailSettings(
    String host,
    @DefaultValue("993") int port,
    String user,
    String password,
    @DefaultValue("true") boolean ssl,
    @DefaultValue("INBOX") String folder,
    @DefaultValue List<String> otherFolders,
    String property,
    @DefaultValue("PT1M") Duration pollInterval) {

  RightsMailSettings {
    otherFolders = otherFolders == null ? List.of() : List.copyOf(otherFolders);
  }

  boolean enabled() {
    return host != null && !host.isBlank();
  }

  /** Names the mailbox in the bookkeeping without the password. */
  String mailboxKey() {
    return "imap://" + user + "@" + host + ":" + port + "/" + folder;
  }

  @Override
  public String toString() {
    return "RightsMailSettings[" + mailboxKey() + ", ssl=" + ssl + "]";
  }
}
