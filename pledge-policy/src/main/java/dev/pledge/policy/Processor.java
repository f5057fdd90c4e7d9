package dev.pledge.policy;

import java.util.List;

/**
 * A processor (sub-processor) that receives personal data, published in the policy.
 *
 * @param name the processor's name
 * @param role what kind of service it provides ({@code payments}, {@code cloud}, {@code ai-model},
 *     {@code analytics}, {@code support}, {@code cdn}, {@code email})
 * @param purpose why it receives data
 * @param categories ids of the data categories it receives
 * @param region id of the declared region it processes in
 * @param safeguard the transfer safeguard when data leaves the person's region, or {@code null}
 */
public record Processor(
    String name,
    String role,
    String purpose,
    List<String> categories,
    String region,
    Safeguard safeguard) {

  public Processor {
    categories = List.copyOf(categories);
  }
}
