package dev.pledge.server.accounts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

/**
 * A studio account as other modules see it.
 *
 * @param id the account id (a UUID): the subject id of every store that holds the account's data
 * @param username unique, shown to teammates
 * @param email the verified (or to-be-verified) address — personal data, never logged
 * @param name the person's name
 * @param country ISO 3166-1 alpha-2, or {@code US-CA}
 * @param lawId the person's law ({@code gdpr}, {@code ccpa}…), or {@code null} when the policy
 *     names none for the country (then every law the policy names applies to requests)
 * @param region the storage region ({@code us}, {@code eu}, {@code apac})
 * @param birthDate for the policy's age rules
 * @param status where the account stands
 * @param emailVerifiedAt when the address was confirmed, or {@code null}
 * @param createdAt when the account was opened
 * @param deletedAt when its owner deleted it, or {@code null}
 */
public record StudioAccount(
    String id,
    String username,
    String email,
    String name,
    String country,
    String lawId,
    String region,
    LocalDate birthDate,
    AccountStatus status,
    Instant emailVerifiedAt,
    Instant createdAt,
    Instant deletedAt) {

  public boolean verified() {
    return emailVerifiedAt != null;
  }

  /** Age in whole years on {@code day}. */
  public int ageOn(LocalDate day) {
    return Period.between(birthDate, day).getYears();
  }

  /** Without the personal fields, so that logging an account logs nothing personal. */
  @Override
  public String toString() {
    return "StudioAccount[" + id + " " + status.key() + "]";
  }
}
