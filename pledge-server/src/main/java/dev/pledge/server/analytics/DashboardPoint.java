package dev.pledge.server.analytics;

import java.time.LocalDate;

/** Totals for one day, week (starting Monday) or month (starting the 1st). */
public record DashboardPoint(LocalDate start, DashboardTotals totals) {}
