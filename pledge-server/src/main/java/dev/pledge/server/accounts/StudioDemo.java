package dev.pledge.server.accounts;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.studio.Studio;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo's studio user ({@code pledge demo} only): a verified account without two-step
 * verification, with a team that has a second member, so a newcomer signs in to a lived-in account.
 * Created once; the launcher prints its sign-in on a line of its own.
 */
@Component
public class StudioDemo {

  private static final Logger log = LoggerFactory.getLogger(StudioDemo.class);

  public static final String EMAIL = "dana@studio.example.com";
  public static final String PASSWORD = "lilac-harbour-42";
  static final String TEAMMATE = "lee@studio.example.com";

  private final PledgeSettings settings;
  private final AccountRecords accounts;
  private final Passwords passwords;
  private final Teams teams;
  private final Studio studio;
  private final TransactionTemplate tx;
  private final Clock clock;

  StudioDemo(
      PledgeSettings settings,
      AccountRecords accounts,
      Passwords passwords,
      Teams teams,
      Studio studio,
      TransactionTemplate tx,
      Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.passwords = passwords;
    this.teams = teams;
    this.studio = studio;
    this.tx = tx;
    this.clock = clock;
  }

  /** The demo user's sign-in, when this is the demo. */
  public Optional<String> signIn() {
    return settings.demo() ? Optional.of(EMAIL + " / " + PASSWORD) : Optional.empty();
  }

  @EventListener(ApplicationStartedEvent.class)
  void atStart() {
    if (!settings.demo() || settings.maintenance() || accounts.emailTaken(EMAIL)) {
      return;
    }
    tx.executeWithoutResult(
        t -> {
          String dana = create("dana", EMAIL, "Dana Demo", "GB", LocalDate.of(1990, 4, 21));
          String lee = create("lee", TEAMMATE, "Lee Demo", "SG", LocalDate.of(1987, 11, 2));
          String team = teams.create(dana, "Poster studio");
          teams.addMember(team, lee, TeamRole.MEMBER);
        });
    log.info("Created the demo's studio user with a team"); // no address in a log line (B-13)
  }

  private String create(
      String username, String email, String name, String country, LocalDate born) {
    String id =
        accounts.create(
            new AccountRecords.NewAccount(
                username,
                email,
                name,
                country,
                Jurisdictions.law(studio.policy(), country).orElse(null),
                Jurisdictions.region(studio.policy(), country),
                born,
                passwords.hash(PASSWORD),
                "en",
                AccountStatus.ACTIVE,
                null,
                false),
            clock.instant());
    accounts.markVerified(id, clock.instant());
    return id;
  }
}
