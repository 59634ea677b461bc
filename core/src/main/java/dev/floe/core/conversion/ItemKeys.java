package dev.floe.core.conversion;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Describes an item by its primary key for error messages, e.g. {@code {id=S:u1, ts=N:5}}. */
public final class ItemKeys {
  private static final int MAX_VALUE_CHARS = 64;

  private ItemKeys() {}

  public static String describe(Map<String, AttributeValue> item, List<String> keyAttributes) {
    if (keyAttributes.isEmpty()) {
      return "(primary key not known)";
    }
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < keyAttributes.size(); i++) {
      String name = keyAttributes.get(i);
      AttributeValue value = item.get(name);
      text.append(i == 0 ? "" : ", ").append(name).append('=').append(describe(value));
    }
    return text.append('}').toString();
  }

  /** A short form of one value: its DynamoDB type and text, cut to a readable length. */
  public static String describe(AttributeValue value) {
    if (value == null) {
      return "<missing>";
    }
    String text =
        switch (value.type()) {
          case S -> "S:" + value.s();
          case N -> "N:" + value.n();
          case B -> "B:<" + value.b().asByteArray().length + " bytes>";
          case BOOL -> "BOOL:" + value.bool();
          case NUL -> "NULL";
          default -> value.type() + ":" + DynamoDbJson.write(value);
        };
    return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "..." : text;
  }
}
