package dev.floe.core.dynamodb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hands out ExpressionAttributeNames ({@code #n0, #n1, ...}, one per distinct name) and
 * ExpressionAttributeValues ({@code :v0, :v1, ...}, one per operand) in the order they are asked
 * for, so the same expressions always come out the same.
 */
final class Placeholders {
  private final Map<String, String> placeholderByName = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();

  /** The placeholder of {@code name}, the same one each time the name is used. */
  String name(String name) {
    return placeholderByName.computeIfAbsent(
        name,
        n -> {
          String placeholder = "#n" + names.size();
          names.put(placeholder, n);
          return placeholder;
        });
  }

  /** {@code #n0.#n1} for a nested path. */
  String path(AttributePath path) {
    StringBuilder text = new StringBuilder();
    for (String element : path.names()) {
      if (text.length() > 0) {
        text.append('.');
      }
      text.append(name(element));
    }
    return text.toString();
  }

  /** A new value placeholder holding {@code value}. */
  String value(AttributeValue value) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, value);
    return placeholder;
  }

  /** {@code text} with the real names in place of their placeholders, for messages. */
  String withNames(String text) {
    String result = text;
    // Highest number first, so #n1 does not eat into #n10.
    for (int i = names.size() - 1; i >= 0; i--) {
      result = result.replace("#n" + i, names.get("#n" + i));
    }
    return result;
  }

  Map<String, String> names() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(names));
  }

  Map<String, AttributeValue> values() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
