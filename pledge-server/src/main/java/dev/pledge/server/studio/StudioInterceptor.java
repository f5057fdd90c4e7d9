package dev.pledge.server.studio;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The SPI through which a module sees every request a {@link StudioController} answers before it is
 * handled (the studio's handler mapping is its own, so Spring MVC's registry does not reach it):
 * for example, to ask a signed-in person for an answer they owe before anything else.
 */
public interface StudioInterceptor extends HandlerInterceptor {}
