package dev.pledge.server.support;

import org.springframework.context.ApplicationContext;

/** For tests outside the support package: reads the support mailbox now instead of at the job. */
public final class SupportMailboxPoll {

  private SupportMailboxPoll() {}

  public static int poll(ApplicationContext context) {
    return context.getBean(SupportMailIntake.class).poll();
  }
}
