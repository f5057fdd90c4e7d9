package dev.pledge.server.devapi;

/**
 * Marks the API's controllers: {@link ApiErrors} answers their errors as problem details, and no
 * studio page advice (HTML error pages, the step-up redirect) applies to them.
 */
interface ApiEndpoint {}
