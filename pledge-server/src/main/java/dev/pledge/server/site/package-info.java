/**
 * The site module: what a property shows at its paths — a static site's pages, assets, layout and
 * navigation, served from one content folder per property — and the landing page that lists the
 * properties this server serves.
 */
package dev.pledge.server.site;
