package dev.pledge.server.devapi;

import jakarta.servlet.http.HttpServletRequest;

/** Who an API request is from: the key that authenticated it, and so its account and team. */
record ApiCaller(ApiKeys.ApiKey key) {

  static final String ATTRIBUTE = ApiCaller.class.getName();

  String account() {
    return key.account();
  }

  /** The team a team key is limited to, or null for a personal key. */
  String team() {
    return key.teamId();
  }

  void require(ApiKeys.Scope scope) {
    if (!key.scopes().contains(scope)) {
      throw new ApiProblem(
              403,
              "insufficient-scope",
              "Insufficient scope",
              "This key may not "
                  + scope.key()
                  + ". Make a key with the '"
                  + scope.key()
                  + "' scope on the API keys page.")
          .with("required_scope", scope.key());
    }
  }

  static ApiCaller of(HttpServletRequest request) {
    Object c = request.getAttribute(ATTRIBUTE);
    if (c instanceof ApiCaller caller) {
      return caller;
    }
    throw new ApiProblem(
        401, "unauthenticated", "Unauthenticated", "Send a key: Authorization: Bearer pst_live_…");
  }
}
