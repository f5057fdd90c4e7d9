package dev.pledge.server.studio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * A controller of the image studio: its {@code @GetMapping}s and {@code @PostMapping}s answer only
 * for requests of the studio's property (its host, {@code image-studio.localhost}, or the {@code
 * /p/image-studio/} prefix), never for the reference site or the server root, where {@code
 * /account} must not exist. Deliberately not a {@code @Controller}: Spring's own handler
 * mapping, which answers for every host, never sees these.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface StudioController {}
