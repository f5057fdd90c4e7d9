package dev.pledge.server.audit;

import java.time.Instant;

/**
 * A signed statement that the audit trail's entry {@code seq} had hash {@code entryHash}: it
 * vouches for every entry up to {@code seq}, so none of them can be changed, removed or reordered
 * later without the signing key.
 *
 * @param no checkpoint number, from 1, without gaps
 * @param seq the entry it vouches for
 * @param entryHash that entry's hash
 * @param at when it was signed
 * @param keyFingerprint hex SHA-256 of the signer's Ed25519 public key
 * @param signature Ed25519 signature over the checkpoint's canonical encoding, hex
 */
public record AuditCheckpoint(
    long no, long seq, String entryHash, Instant at, String keyFingerprint, String signature) {}
