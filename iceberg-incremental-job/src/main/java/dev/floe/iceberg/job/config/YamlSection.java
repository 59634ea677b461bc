package dev.floe.iceberg.job.config;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One mapping of the configuration with its key path, read key by key with types checked. A key
 * with no value ({@code location:}) reads as absent. Errors point at the value at fault, or at the
 * key for an unknown key.
 */
final class YamlSection {
  private final YamlNode.Mapping mapping;
  private final String path;

  private YamlSection(YamlNode.Mapping mapping, String path) {
    this.mapping = mapping;
    this.path = path;
  }

  /**
   * @param path the key path of {@code node}; empty for the document's root
   * @throws JobConfigException when {@code node} is not a mapping
   */
  static YamlSection of(YamlNode node, String path) {
    if (node instanceof YamlNode.Mapping mapping) {
      return new YamlSection(mapping, path);
    }
    throw wrongType(node, path, "a mapping", "Write its keys on the lines below it, indented.");
  }

  /** Rejects the first key, in document order, that is not one of {@code keys}. */
  void allowOnly(String... keys) {
    Set<String> valid = new TreeSet<>(List.of(keys));
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!valid.contains(entry.key())) {
        throw JobConfigException.at(
            entry.keyPosition(),
            childPath(entry.key()),
            String.format(
                "is not a known key. Valid keys %s: %s. Keys are case-sensitive; check the"
                    + " spelling, or remove the key.",
                path.isEmpty() ? "at the top level" : "under " + path, String.join(", ", valid)));
      }
    }
  }

  String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The value of {@code key}; null when absent or written without a value. */
  YamlNode value(String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    if (entry == null || (entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull())) {
      return null;
    }
    return entry.value();
  }

  /** The nested mapping {@code key}; null when absent. */
  YamlSection section(String key) {
    YamlNode value = value(key);
    return value == null ? null : of(value, childPath(key));
  }

  /** The items of the list {@code key}; null when absent. */
  List<YamlNode> list(String key) {
    YamlNode value = value(key);
    if (value == null) {
      return null;
    }
    if (value instanceof YamlNode.Sequence sequence) {
      return sequence.items();
    }
    throw wrongType(
        value, childPath(key), "a list", "Write one item per line, each starting with '- '.");
  }

  /** The text of {@code key}; null when absent. Numbers and booleans read as written. */
  String text(String key) {
    YamlNode value = value(key);
    return value == null ? null : text(value, childPath(key));
  }

  /** The text of a scalar as written; null for a value-less scalar. */
  static String text(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar) {
      rejectAlias(scalar, path);
      return scalar.isNull() ? null : scalar.text();
    }
    throw wrongType(
        node, path, "a single value", "Write the value on the same line as the key, after ': '.");
  }

  /**
   * The whole number {@code key}; null when absent. Every number of the configuration counts
   * something and must be at least 1, but numbers that fit {@code long} pass here even when
   * smaller, for the model to reject with its own advice; larger ones fail here, before they wrap
   * around.
   */
  Long positiveInteger(String key, long max) {
    YamlNode value = value(key);
    if (value == null) {
      return null;
    }
    String keyPath = childPath(key);
    if (!(value instanceof YamlNode.Scalar scalar)
        || scalar.alias()
        || scalar.kind() != YamlNode.ScalarKind.INTEGER) {
      throw wrongType(
          value, keyPath, "a whole number", "Write digits only, without quotes or a unit.");
    }
    BigInteger number = scalar.integer();
    if (number.compareTo(BigInteger.valueOf(max)) > 0
        || number.compareTo(BigInteger.valueOf(-max)) < 0) {
      throw JobConfigException.at(
          value.position(),
          keyPath,
          String.format(
              "must be between 1 and %d, but is %s. Write a number in that range.",
              max, scalar.text()));
    }
    return number.longValue();
  }

  /**
   * The constant of {@code type} named by {@code key}, in any case; null when absent. YAML names
   * the constants in lower case.
   */
  <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    YamlNode value = value(key);
    if (value == null) {
      return null;
    }
    E[] constants = type.getEnumConstants();
    if (value instanceof YamlNode.Scalar scalar && !scalar.alias()) {
      for (E constant : constants) {
        if (constant.name().equalsIgnoreCase(scalar.text())) {
          return constant;
        }
      }
    }
    throw JobConfigException.at(
        value.position(),
        childPath(key),
        String.format(
            "must be one of %s, but is %s. Write one of these values.",
            Stream.of(constants)
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")),
            value.describe()));
  }

  /**
   * The mapping {@code key} as text keys and values, in document order; null when absent. A key
   * written without a value maps to null, for the model to report.
   */
  Map<String, String> textMap(String key) {
    YamlSection section = section(key);
    if (section == null) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (YamlNode.Entry entry : section.mapping.entries().values()) {
      values.put(entry.key(), text(entry.value(), section.childPath(entry.key())));
    }
    return values;
  }

  static JobConfigException wrongType(YamlNode node, String path, String expected, String hint) {
    if (node instanceof YamlNode.Scalar scalar) {
      rejectAlias(scalar, path);
    }
    String problem = String.format("must be %s, but is %s. %s", expected, node.describe(), hint);
    return path.isEmpty()
        ? JobConfigException.at(node.position(), null, "the document " + problem)
        : JobConfigException.at(node.position(), path, problem);
  }

  /**
   * Jackson reports an alias as the anchor's name, not as the anchored value: reading it as a value
   * would be wrong, and resolving it is more than a configuration file needs.
   */
  private static void rejectAlias(YamlNode.Scalar scalar, String path) {
    if (scalar.alias()) {
      throw JobConfigException.at(
          scalar.position(),
          path,
          String.format(
              "is the YAML alias *%s, which the job configuration does not support. Write the"
                  + " value out in full.",
              scalar.text()));
    }
  }
}
