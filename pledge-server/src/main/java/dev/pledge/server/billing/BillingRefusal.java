package dev.pledge.server.billing;

/**
 * A billing action the person asked for that cannot be done; {@code problem} names the message the
 * page shows ({@code billing.problem.<problem>}). Nothing was changed.
 */
class BillingRefusal extends RuntimeException {

  private final String problem;

  BillingRefusal(String problem) {
    super(problem);
    this.problem = problem;
  }

  String problem() {
    return problem;
  }
}
