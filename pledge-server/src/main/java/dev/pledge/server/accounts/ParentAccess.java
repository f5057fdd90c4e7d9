package dev.pledge.server.accounts;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * A parent's access to one child's account, given by the single-use link to the parent's address
 * and kept in that browser's session for half an hour: the parent has no account of their own.
 */
record ParentAccess(String childId, String parentEmail, Instant until) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  static final String SESSION = ParentAccess.class.getName();

  @Override
  public String toString() {
    return "ParentAccess[" + childId + "]";
  }
}
