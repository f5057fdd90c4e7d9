package dev.pledge.server.site;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code pledge.site.*}.
 *
 * @param contentDir the folder holding one folder of content per static-site property, named by its
 *     id ({@code reference-site/}); when unset, {@code ./demo} if it exists, else the demo content
 *     shipped inside the Pledge jar
 */
@ConfigurationProperties("pledge.site")
record SiteSettings(Path contentDir) {}
