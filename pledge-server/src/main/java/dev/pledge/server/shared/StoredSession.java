package dev.pledge.server.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * A session as a {@link SessionTable} loaded it: the attributes in a {@link MapSession}, plus what
 * the table needs to write back only what changed (attributes, or the last use when it is more than
 * a minute old) and to find the row again after the id changed at sign-in.
 */
public final class StoredSession implements Session {

  private final MapSession session;
  private final byte[] storedHash;
  private final Instant storedLastUse;
  private boolean attributesChanged;

  /** A session loaded from its row. */
  StoredSession(MapSession session, byte[] storedHash, Instant storedLastUse) {
    this.session = session;
    this.storedHash = storedHash;
    this.storedLastUse = storedLastUse;
  }

  /** A new session, not stored yet. */
  StoredSession(MapSession session) {
    this(session, null, null);
    this.attributesChanged = true;
  }

  MapSession delegate() {
    return session;
  }

  boolean isNew() {
    return storedHash == null;
  }

  byte[] storedHash() {
    return storedHash;
  }

  Instant storedLastUse() {
    return storedLastUse;
  }

  boolean attributesChanged() {
    return attributesChanged;
  }

  @Override
  public String getId() {
    return session.getId();
  }

  @Override
  public String changeSessionId() {
    return session.changeSessionId();
  }

  @Override
  public <T> T getAttribute(String name) {
    return session.getAttribute(name);
  }

  @Override
  public Set<String> getAttributeNames() {
    return session.getAttributeNames();
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributesChanged = true;
    session.setAttribute(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    if (session.getAttribute(name) != null) {
      attributesChanged = true;
    }
    session.removeAttribute(name);
  }

  @Override
  public Instant getCreationTime() {
    return session.getCreationTime();
  }

  @Override
  public void setLastAccessedTime(Instant lastAccessedTime) {
    session.setLastAccessedTime(lastAccessedTime);
  }

  @Override
  public Instant getLastAccessedTime() {
    return session.getLastAccessedTime();
  }

  @Override
  public void setMaxInactiveInterval(Duration interval) {
    session.setMaxInactiveInterval(interval);
  }

  @Override
  public Duration getMaxInactiveInterval() {
    return session.getMaxInactiveInterval();
  }

  @Override
  public boolean isExpired() {
    return session.isExpired();
  }
}
