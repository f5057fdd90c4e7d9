package dev.pledge.server.support;

import org.springframework.context.ApplicationContext;

/** For tests outside the support package: a ticket opened as the studio's form opens one. */
public final class SupportTestTickets {

  private SupportTestTickets() {}

  /** A new open ticket of {@code account}'s; its id. */
  public static String open(ApplicationContext context, String account) {
    return context
        .getBean(Tickets.class)
        .open(account, "Matrix question", "editing", "A question for the matrix.", "studio")
        .id();
  }
}
