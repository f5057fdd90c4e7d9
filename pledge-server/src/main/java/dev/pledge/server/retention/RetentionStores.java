package dev.pledge.server.retention;

import java.util.Collection;

/**
 * The SPI through which a module registers the stores that hold personal data: a Spring bean of
 * this type per module (or per kind of store), asked once the policies are loaded, so a module can
 * register one store per property that collects its category.
 */
@FunctionalInterface
public interface RetentionStores {

  Collection<RetentionStore> stores();
}
