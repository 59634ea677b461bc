package dev.floe.iceberg.job.config;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the position it starts at. Jackson's own tree forgets positions, and every
 * configuration error should point into the file, so {@link YamlDocumentReader} builds this one.
 */
sealed interface YamlNode {

  Position position();

  /** How the value reads in a message: "a mapping", "a list", "the string \"24h\"". */
  String describe();

  /** A 1-based line and column. */
  record Position(int line, int column) {}

  /**
   * A mapping entry; errors about the entry point at its key, errors about a value at the value.
   */
  record Entry(String key, Position keyPosition, YamlNode value) {}

  /** A mapping; its entries keep the document's order so that the first unknown key is reported. */
  record Mapping(Position position, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record Sequence(Position position, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar with the type YAML resolved for it: {@code 24} is an integer, {@code "24"} a string.
   *
   * @param text the value as written, so that {@code table: 0123} stays "0123" where a string is
   *     expected
   * @param alias true for {@code *name}: the text is then the anchor name, not a value
   * @param integer the value of an {@link ScalarKind#INTEGER}, as YAML reads it ({@code 1_000} is
   *     1000); null for other kinds
   */
  record Scalar(Position position, ScalarKind kind, String text, boolean alias, BigInteger integer)
      implements YamlNode {

    boolean isNull() {
      return kind == ScalarKind.NULL && !alias;
    }

    @Override
    public String describe() {
      if (alias) {
        return "the alias *" + text;
      }
      return switch (kind) {
        case STRING -> "the string \"" + text + "\"";
        case INTEGER -> "the integer " + text;
        case DECIMAL -> "the number " + text;
        case BOOLEAN -> "the boolean " + text;
        case NULL -> "empty";
      };
    }
  }

  enum ScalarKind {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    NULL
  }
}
