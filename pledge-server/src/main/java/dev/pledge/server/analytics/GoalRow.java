package dev.pledge.server.analytics;

import java.time.LocalDate;

/**
 * A goal's conversions over a range.
 *
 * @param visitors visitors who completed it (summed per day, like every visitor count)
 * @param conversions how often it was completed: the events, or the matching page views
 * @param countedFrom the first day a page goal is counted on; null for event goals
 */
public record GoalRow(Goal goal, long visitors, long conversions, LocalDate countedFrom) {}
