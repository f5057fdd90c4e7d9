package dev.pledge.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test against the whole server on a random port, with an ephemeral embedded PostgreSQL. Every
 * test class with this annotation shares one running server (Spring's context cache), and one
 * in-process mail server ({@link TestMailServer}) that it sends and reads mail through.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = PledgeServer.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pledge.embedded-database.ephemeral=true",
      "pledge.data-dir=target/test-pledge-data",
      // Tests play a reverse proxy on loopback to send events from chosen client addresses.
      "pledge.analytics.trusted-proxies=127.0.0.1/32,::1/128",
      "pledge.analytics.ingest-port=0",
      "pledge.api.webhooks.allow-loopback=true",
      // Tests read the privacy mailbox themselves instead of waiting for the job.
      "pledge.mail.imap.poll-interval=PT1H",
      // Deadline reminders go to the operators' address (issue 6).
      "pledge.rights.operator-address=operators@pledge.test"
    })
@ContextConfiguration(initializers = {TestMailServer.class, TestClock.class})
public @interface WithRunningServer {}
