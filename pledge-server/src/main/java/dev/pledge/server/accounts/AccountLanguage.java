package dev.pledge.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pledge.server.studio.StudioLanguage;
import dev.pledge.server.studio.StudioLanguagePreference;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The signed-in person's language preference for every studio page, and the language switch as
 * their new preference. Cached for a minute per account (the preference is read on every page).
 */
@Component
class AccountLanguage implements StudioLanguagePreference {

  private final CurrentAccount current;
  private final AccountRecords accounts;
  private final Clock clock;
  private final Cache<String, String> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

  AccountLanguage(CurrentAccount current, AccountRecords accounts, Clock clock) {
    this.current = current;
    this.accounts = accounts;
    this.clock = clock;
  }

  @Override
  public Optional<StudioLanguage> preferred(HttpServletRequest request) {
    return current
        .id()
        .flatMap(id -> Optional.ofNullable(cache.get(id, k -> accounts.language(k).orElse(""))))
        .flatMap(StudioLanguage::ofTag);
  }

  @Override
  public void chosen(HttpServletRequest request, StudioLanguage language) {
    current.id().ifPresent(id -> set(id, language));
  }

  void set(String accountId, StudioLanguage language) {
    accounts.setLanguage(accountId, language.tag(), clock.instant());
    cache.invalidate(accountId);
  }
}
