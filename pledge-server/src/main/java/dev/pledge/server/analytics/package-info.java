/**
 * The analytics module: cookieless, Plausible-compatible page-view ingest that anonymises at the
 * door, daily-partitioned raw events, daily rollups kept indefinitely, and the dashboard queries.
 */
package dev.pledge.server.analytics;
