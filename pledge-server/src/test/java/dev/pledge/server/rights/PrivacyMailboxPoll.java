package dev.pledge.server.rights;

import org.springframework.context.ApplicationContext;

/** For tests outside the rights package: reads the privacy mailbox now instead of at the job. */
public final class PrivacyMailboxPoll {

  private PrivacyMailboxPoll() {}

  public static int poll(ApplicationContext context) {
    return context.getBean(RightsMailIntake.class).poll();
  }
}
