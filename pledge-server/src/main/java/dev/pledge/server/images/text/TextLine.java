package dev.pledge.server.images.text;

/**
 * A line of text found in an image.
 *
 * @param text what it says
 * @param confidence the recognition model's mean probability for its characters, 0 to 1
 * @param box where it is, in the image's pixels
 */
public record TextLine(String text, float confidence, Quad box) {}
