package dev.pledge.server.analytics;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code pledge.analytics.*}.
 *
 * @param trustedProxies deprecated: address blocks (CIDR) of reverse proxies whose X-Forwarded-For
 *     the analytics ingest believes; when set it wins for the ingest over {@code
 *     pledge.trusted-proxies} (which the ingest otherwise follows behind a declared TLS proxy, see
 *     {@link IngestTrustedProxies}) and a start-up warning names the setting to use instead
 * @param queueCapacity events waiting to be written before ingest answers 503
 * @param writers writer threads committing batches concurrently (each holds a connection)
 * @param eventsPerSecondPerClient sustained events per second one client address may send
 * @param burstPerClient events one client address may send at once
 * @param excludedPaths path prefixes never counted (for example an admin area)
 * @param ingestPort a dedicated, lean listener for {@code POST /api/event} (-1: none; 0: any free
 *     port), with CORS headers for trackers on other origins; the main port always serves the
 *     endpoint as well, as fast
 * @param frontDoor true (the default): the server's port is a lean Netty listener that answers
 *     {@code /api/event} itself and relays everything else to Tomcat on a loopback port ({@link
 *     FrontDoor}); false: Tomcat listens on the server's port itself. TLS configured on Tomcat
 *     ({@code server.ssl.*}) turns it off
 * @param geoipDatabase an offline MaxMind-format country database (GeoLite2-Country.mmdb, DB-IP's
 *     country lite), or empty: country is looked up only for properties whose policy lists a
 *     country field for page analytics
 * @param honourOptOutSignals when true (the default), a page view sent by a browser with Global
 *     Privacy Control ({@code Sec-GPC: 1}) or Do Not Track ({@code DNT: 1}) is not recorded: the
 *     analytics cannot tell one anonymous visitor from another afterwards, so this is how a visitor
 *     who objects keeps out of them
 */
@ConfigurationProperties("pledge.analytics")
public record AnalyticsSettings(
    @DefaultValue List<String> trustedProxies,
    @DefaultValue("200000") int queueCapacity,
    @DefaultValue("1") int writers,
    @DefaultValue("20") int eventsPerSecondPerClient,
    @DefaultValue("100") int burstPerClient,
    @DefaultValue List<String> excludedPaths,
    @DefaultValue("-1") int ingestPort,
    @DefaultValue("") String geoipDatabase,
    @DefaultValue("true") boolean honourOptOutSignals,
    @DefaultValue("true") boolean frontDoor) {}
