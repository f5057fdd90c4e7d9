package dev.pledge.server.accounts;

import dev.pledge.server.studio.Studio;
import org.springframework.stereotype.Component;

/** The studio policy's age rules. */
@Component
class AgeRulesOfStudio {

  private final Studio studio;

  AgeRulesOfStudio(Studio studio) {
    this.studio = studio;
  }

  AgeRules rules() {
    return new AgeRules(studio.policy());
  }
}
