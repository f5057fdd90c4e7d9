package dev.pledge.policy;

import java.util.List;

/**
 * How policy changes are announced.
 *
 * @param advanceNotice how long before a material change takes effect people are told, or {@code
 *     null} when changes apply on publication
 * @param channels how people are told ({@code page-notice}, {@code email}, {@code in-app})
 * @param materialRequiresOptIn true when material changes need a fresh opt-in
 */
public record ChangeNotice(
    PolicyDuration advanceNotice, List<String> channels, boolean materialRequiresOptIn) {

  public ChangeNotice {
    channels = List.copyOf(channels);
  }
}
