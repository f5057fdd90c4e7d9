package dev.pledge.server.rights;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of another module whose pages are drawn in the privacy frame ({@code
 * privacy/frame.html}), such as the announced policy version: {@link PublicPageHeader} gives them
 * the site's own header too, so they look like the other privacy pages of the site.
 */
@Documented
@Target(ElementType.TYPE)
@java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
public @interface InSiteFrame {}
