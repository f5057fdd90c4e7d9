package dev.pledge.server.devapi;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's API page: how the API is used, in aggregates only — requests, errors, 429s and
 * latency per day and route across all accounts (what running the API needs, B-03), and product
 * figures per route counted only from accounts whose "API data sharing" is on (B-28). No account,
 * key or id appears on it.
 */
@Controller
class ApiConsoleController {

  static final String PATH = "/console/api";
  static final int DAYS = 30;

  private final ApiUsage usage;
  private final Clock clock;

  ApiConsoleController(ApiUsage usage, Clock clock) {
    this.usage = usage;
    this.clock = clock;
  }

  @GetMapping(PATH)
  String page(Model model) {
    var from = clock.instant().minus(Duration.ofDays(DAYS));
    model.addAttribute("days", DAYS);
    model.addAttribute("operations", usage.operations(from));
    model.addAttribute("shared", usage.shared(from));
    return "console/api";
  }
}
