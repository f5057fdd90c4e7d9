/**
 * The processors module: the one gate every sending of personal data to a processor passes ({@link
 * dev.pledge.server.processors.ProcessorGate}: declared for the category, region and safeguard, or
 * refused), and the per-processor, per-category counts of what was sent, for the data-flows page.
 */
package dev.pledge.server.processors;
