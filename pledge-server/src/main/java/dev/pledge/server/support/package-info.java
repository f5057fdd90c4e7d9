/**
 * The image studio's support, feedback and marketing e-mail: tickets with message threads, answered
 * from the console and by e-mail, and kept 5 years after their last message (B-05, B-21, B-29);
 * ratings and comments, copied anonymised for model improvement unless the person objects (B-40);
 * marketing e-mail only after double opt-in, with one-click unsubscribe (B-28). Its public API is
 * {@link dev.pledge.server.support.StudioFeedback}, for the editor to record a rating.
 */
package dev.pledge.server.support;
