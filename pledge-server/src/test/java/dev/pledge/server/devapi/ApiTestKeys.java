package dev.pledge.server.devapi;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * For tests outside the API's package: one key per scope of an account, as its owner makes them.
 */
public final class ApiTestKeys {

  private ApiTestKeys() {}

  /** Scope name (lower case) → a key's secret carrying only that scope. */
  public static Map<String, String> onePerScope(ApplicationContext context, String account) {
    ApiKeys keys = context.getBean(ApiKeys.class);
    Map<String, String> out = new LinkedHashMap<>();
    for (ApiKeys.Scope scope : ApiKeys.Scope.values()) {
      String name = scope.name().toLowerCase(java.util.Locale.ROOT);
      out.put(name, keys.create(account, null, "matrix-" + name, EnumSet.of(scope), null).secret());
    }
    return out;
  }
}
