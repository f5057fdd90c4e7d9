package dev.pledge.server.studio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code pledge.studio.*}.
 *
 * @param propertyId the property whose policy governs the studio (its host, its {@code /p/{id}/}
 *     prefix, its categories)
 * @param publicBaseUrl base of the links in the studio's e-mails; empty: the property's first
 *     domain over https, unless {@code pledge.rights.public-base-url} is set (the demo sets the
 *     local server there, for rights links and the studio alike)
 * @param mailInterval how often the outbox sends what is queued
 */
@ConfigurationProperties("pledge.studio")
public record StudioSettings(
    @DefaultValue("image-studio") String propertyId,
    @DefaultValue("") String publicBaseUrl,
    @DefaultValue("PT15S") Duration mailInterval) {}
