/**
 * The blobs module: one encryption keyset per person ({@link dev.pledge.server.blobs.PersonalKeys})
 * and the personal files encrypted with it, on local disk or S3, as a retention store whose erasure
 * destroys the keyset (crypto-shredding).
 */
package dev.pledge.server.blobs;
