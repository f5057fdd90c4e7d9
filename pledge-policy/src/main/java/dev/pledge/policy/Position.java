package dev.pledge.policy;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** A 1-based line and column in a policy file; SnakeYAML counts from 0, people count from 1. */
record Position(int line, int column) {

  /** The start of the file, for problems about the document as a whole. */
  static final Position START = new Position(1, 1);

  static Position of(Mark mark) {
    return mark == null ? START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  static Position of(Node node) {
    return of(node.getStartMark());
  }
}
