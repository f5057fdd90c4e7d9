package dev.pledge.policy;

import java.util.List;

/**
 * The breach-response clocks a policy promises, each counted from detection.
 *
 * @param containWithin time to contain and assess
 * @param notifyRegulatorWithin time to notify the regulator
 * @param notifyPeopleWithin time to notify affected people when the risk is high ({@code PT0S}: at
 *     once)
 * @param notifyPeopleBy channels used to notify people ({@code email}, {@code in-app})
 * @param publicPage path of the public security page, or {@code null}
 * @param steps the response steps, in order, as published
 */
public record BreachPolicy(
    PolicyDuration containWithin,
    PolicyDuration notifyRegulatorWithin,
    PolicyDuration notifyPeopleWithin,
    List<String> notifyPeopleBy,
    String publicPage,
    List<String> steps) {

  public BreachPolicy {
    notifyPeopleBy = List.copyOf(notifyPeopleBy);
    steps = List.copyOf(steps);
  }
}
