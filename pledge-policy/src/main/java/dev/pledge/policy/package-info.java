/**
 * The Pledge policy language: the model of a privacy policy ({@link dev.pledge.policy.Policy}),
 * loading and validating policy files, rendering them as published text, and diffing versions.
 * Plain Java with no framework, so the CLI answers without starting a server.
 */
package dev.pledge.policy;
