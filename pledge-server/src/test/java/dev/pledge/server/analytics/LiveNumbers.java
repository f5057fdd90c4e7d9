package dev.pledge.server.analytics;

import org.springframework.context.ApplicationContext;

/**
 * For tests outside this package: today's live numbers are recomputed in the background within
 * seconds of new events; a test that stored events and reads them back at once recomputes first.
 */
public final class LiveNumbers {

  private LiveNumbers() {}

  public static void refresh(ApplicationContext context, String propertyId) {
    context.getBean(LiveToday.class).refreshNow(propertyId);
  }
}
