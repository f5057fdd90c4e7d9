package dev.pledge.policy;

/**
 * The response times a policy promises; each {@code null} when not promised.
 *
 * @param general general inquiries
 * @param rights data rights requests
 * @param urgent urgent privacy matters
 * @param regulatorAcknowledgement acknowledging a regulator's inquiry
 */
public record ResponseTimes(
    Timeframe general, Timeframe rights, Timeframe urgent, Timeframe regulatorAcknowledgement) {}
