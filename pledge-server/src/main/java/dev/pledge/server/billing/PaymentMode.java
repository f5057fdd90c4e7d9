package dev.pledge.server.billing;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Which payment processor this server uses. Stripe when a secret key is configured; otherwise the
 * demo's stand-in — but only in the demo ({@code pledge.demo}, which only {@code pledge demo} sets)
 * or in Pledge's own tests (a marker class that exists only among the test sources, never in a
 * packaged server); otherwise none, and nobody can buy. No setting switches the stand-in on in a
 * real deployment.
 */
enum PaymentMode {
  STRIPE,
  STAND_IN,
  NONE;

  /** Present only on the test classpath (src/test/java). */
  static final String TEST_MARKER = "dev.pledge.server.billing.PaymentStandInForTests";

  static PaymentMode of(Environment env, ClassLoader classLoader) {
    if (!env.getProperty("pledge.studio.billing.stripe.secret-key", "").isBlank()) {
      return STRIPE;
    }
    boolean demo = env.getProperty("pledge.demo", Boolean.class, false);
    if (demo || ClassUtils.isPresent(TEST_MARKER, classLoader)) {
      return STAND_IN;
    }
    return NONE;
  }

  private static boolean is(PaymentMode mode, ConditionContext context) {
    return of(context.getEnvironment(), context.getClassLoader()) == mode;
  }

  /** Beans of Stripe's processor. */
  static final class Stripe implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return is(STRIPE, context);
    }
  }

  /** Beans of the demo's stand-in: its processor and its pages under {@code /demo-pay}. */
  static final class StandIn implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return is(STAND_IN, context);
    }
  }

  /** The processor of a server where nobody can pay. */
  static final class None implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return is(NONE, context);
    }
  }
}
