package dev.floe.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items for tests, written the way they read: {@code item("id", fromS("u1"), "age", fromN("3"))}.
 */
public final class DynamoDbItems {
  private DynamoDbItems() {}

  /** An item from attribute name / value pairs, in order. */
  public static Map<String, AttributeValue> item(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "Cannot build an item from "
              + namesAndValues.length
              + " arguments: give attribute name / value pairs");
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
    }
    return item;
  }
}
