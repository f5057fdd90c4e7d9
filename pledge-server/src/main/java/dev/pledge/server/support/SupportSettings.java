package dev.pledge.server.support;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code pledge.support.*}.
 *
 * @param categories what a ticket can be about (labels: {@code support.category.{id}} in the
 *     bundles, else the id itself); {@code privacy} tickets point to the data dashboard
 * @param subjectMax the longest subject, in characters
 * @param messageMax the longest message, in characters, whether typed or e-mailed
 * @param ticketsPerDay how many tickets one account may open in 24 hours
 * @param trainingDelay how old feedback must be before it is copied for model improvement: time to
 *     object, or to delete it, before anything is copied
 * @param trainingInterval how often the copy runs
 * @param topics the marketing topics people may subscribe to (labels: {@code marketing.topic.{id}})
 * @param confirmationTtl how long a subscription's confirmation link works
 * @param mailbox the support mailbox that e-mailed replies arrive in
 */
@ConfigurationProperties("pledge.support")
record SupportSettings(
    @DefaultValue({"account", "billing", "editing", "bug", "privacy", "other"})
        List<String> categories,
    @DefaultValue("200") int subjectMax,
    @DefaultValue("10000") int messageMax,
    @DefaultValue("10") int ticketsPerDay,
    @DefaultValue("PT24H") Duration trainingDelay,
    @DefaultValue("PT1H") Duration trainingInterval,
    @DefaultValue({"product-news", "tips", "offers"}) List<String> topics,
    @DefaultValue("PT48H") Duration confirmationTtl,
    @DefaultValue Mailbox mailbox) {

  SupportSettings {
    categories = List.copyOf(categories);
    topics = List.copyOf(topics);
  }

  /**
   * The support mailbox read over IMAP (like the privacy mailbox, {@code pledge.mail.imap.*}).
   * Without a host, e-mailed replies are not read.
   *
   * @param host IMAP server, or {@code null}
   * @param port IMAP port
   * @param user login
   * @param password password; never logged
   * @param ssl true for IMAPS
   * @param folder the folder replies arrive in
   * @param pollInterval how often it is read
   */
  record Mailbox(
      String host,
      @DefaultValue("993") int port,
      String user,
      String password,
      @DefaultValue("true") boolean ssl,
      @DefaultValue("INBOX") String folder,
      @DefaultValue("PT1M") Duration pollInterval) {

    boolean enabled() {
      return host != null && !host.isBlank();
    }

    /** Names the mailbox in the bookkeeping without the password. */
    String key() {
      return "imap://" + user + "@" + host + ":" + port + "/" + folder;
    }

    @Override
    public String toString() {
      return "Mailbox[" + key() + ", ssl=" + ssl + "]";
    }
  }
}
