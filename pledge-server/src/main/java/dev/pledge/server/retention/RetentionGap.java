package dev.pledge.server.retention;

/**
 * Something the retention engine cannot enforce: a collected category no store holds, or a store
 * bound to nothing the policy declares.
 *
 * @param property the property id
 * @param subject the category id or store name concerned
 * @param problem what is wrong, in a sentence
 */
public record RetentionGap(String property, String subject, String problem) {

  @Override
  public String toString() {
    return property + ": " + subject + ": " + problem;
  }
}
