package dev.pledge.server.consent;

import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyChange;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /.well-known/gpc.json} (the GPC specification's site declaration) on every property: each
 * honours the signal — the studio as an opt-out with a receipt, the page analytics by not counting
 * the visit. {@code lastUpdate} is the policy's latest effective date, so the declaration changes
 * with the policy that makes the promise.
 */
@RestController
class GpcDeclaration {

  static final String PATH = "/.well-known/gpc.json";

  @GetMapping(PATH)
  ResponseEntity<Map<String, Object>> declaration(HttpServletRequest request) {
    Optional<ServedProperty> property = CurrentProperty.of(request);
    if (property.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "no property here: ask a property's host or /p/{property}" + PATH));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("gpc", true);
    out.put("lastUpdate", lastUpdate(property.get().policy()).toString());
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(out);
  }

  static LocalDate lastUpdate(Policy policy) {
    LocalDate last = policy.effective();
    for (PolicyChange c : policy.changes()) {
      if (last == null || c.effective().isAfter(last)) {
        last = c.effective();
      }
    }
    return last;
  }
}
