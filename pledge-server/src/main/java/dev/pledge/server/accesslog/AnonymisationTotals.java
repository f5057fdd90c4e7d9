package dev.pledge.server.accesslog;

/**
 * What one run of the {@link LogAnonymiser} did.
 *
 * @param lines lines read (an unterminated last line counts)
 * @param addressesMasked addresses truncated to a prefix, in address fields or anywhere else
 * @param addressesHashed addresses replaced by a keyed hash ({@code --hash})
 * @param malformedLines lines that did not fit the log format; every address-shaped text in them
 *     was masked
 * @param droppedLines malformed lines left out of the output ({@code --strict})
 * @param replacedFields address fields that held something other than an address (a host name,
 *     {@code unknown}) and were replaced by the replacement string
 */
public record AnonymisationTotals(
    long lines,
    long addressesMasked,
    long addressesHashed,
    long malformedLines,
    long droppedLines,
    long replacedFields) {}
