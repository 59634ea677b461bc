package dev.floe.core.conversion;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The natural, schema-less mapping between DynamoDB values and plain Java values, for code that has
 * no schema (user functions, documents, tests):
 *
 * <table>
 *   <tr><th>DynamoDB</th><th>Java</th></tr>
 *   <tr><td>S</td><td>String</td></tr>
 *   <tr><td>N</td><td>BigDecimal (exact)</td></tr>
 *   <tr><td>B</td><td>ByteBuffer (read-only)</td></tr>
 *   <tr><td>BOOL</td><td>Boolean</td></tr>
 *   <tr><td>NULL</td><td>null</td></tr>
 *   <tr><td>M</td><td>Map&lt;String, Object&gt; (insertion-ordered)</td></tr>
 *   <tr><td>L</td><td>List&lt;Object&gt;</td></tr>
 *   <tr><td>SS, NS, BS</td><td>Set of String, BigDecimal, ByteBuffer (insertion-ordered)</td></tr>
 * </table>
 *
 * <p>Going back, any {@link Number} becomes N (doubles by their shortest exact decimal), byte
 * arrays become B, and a set's element class picks SS, NS or BS.
 */
public final class AttributeValues {
  private AttributeValues() {}

  /** The Java value of a whole item. */
  public static Map<String, Object> toJava(Map<String, AttributeValue> item) {
    Map<String, Object> values = new LinkedHashMap<>();
    item.forEach((name, value) -> values.put(name, toJava(value, "attribute '" + name + "'")));
    return values;
  }

  /** The item for a map of Java values. */
  public static Map<String, AttributeValue> toItem(Map<String, ?> values) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> item.put(name, toAttributeValue(value, "attribute '" + name + "'")));
    return item;
  }

  /**
   * @param where names the attribute for error messages, e.g. {@code attribute 'price'}
   */
  public static Object toJava(AttributeValue value, String where) {
    return switch (value.type()) {
      case S -> value.s();
      case N -> DynamoDbNumbers.parse(value.n(), where);
      case B -> value.b().asByteBuffer();
      case BOOL -> value.bool();
      case NUL -> null;
      case M -> {
        Map<String, Object> map = new LinkedHashMap<>();
        value.m().forEach((key, element) -> map.put(key, toJava(element, where + "." + key)));
        yield map;
      }
      case L -> {
        List<Object> list = new ArrayList<>(value.l().size());
        for (int i = 0; i < value.l().size(); i++) {
          list.add(toJava(value.l().get(i), where + "[" + i + "]"));
        }
        yield list;
      }
      case SS -> new LinkedHashSet<>(value.ss());
      case NS -> {
        Set<BigDecimal> numbers = new LinkedHashSet<>();
        value.ns().forEach(number -> numbers.add(DynamoDbNumbers.parse(number, where)));
        yield numbers;
      }
      case BS -> {
        Set<ByteBuffer> bytes = new LinkedHashSet<>();
        value.bs().forEach(element -> bytes.add(element.asByteBuffer()));
        yield bytes;
      }
      default ->
          throw new ConversionException(
              "Cannot convert " + where + ": unknown DynamoDB type " + value.type());
    };
  }

  /**
   * @param where names the attribute for error messages, e.g. {@code attribute 'price'}
   */
  public static AttributeValue toAttributeValue(Object value, String where) {
    if (value == null) {
      return AttributeValue.fromNul(true);
    }
    if (value instanceof String text) {
      return AttributeValue.fromS(text);
    }
    if (value instanceof Boolean bool) {
      return AttributeValue.fromBool(bool);
    }
    if (value instanceof Number number) {
      return AttributeValue.fromN(formatNumber(number, where));
    }
    if (value instanceof ByteBuffer || value instanceof byte[] || value instanceof SdkBytes) {
      return AttributeValue.fromB(bytes(value));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, AttributeValue> converted = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new ConversionException(
              "Cannot convert "
                  + where
                  + ": map key "
                  + entry.getKey()
                  + " is a "
                  + className(entry.getKey())
                  + "; DynamoDB map keys are strings");
        }
        converted.put(key, toAttributeValue(entry.getValue(), where + "." + key));
      }
      return AttributeValue.fromM(converted);
    }
    if (value instanceof Set<?> set) {
      return toSet(set, where);
    }
    if (value instanceof Collection<?> collection) {
      List<AttributeValue> converted = new ArrayList<>(collection.size());
      int i = 0;
      for (Object element : collection) {
        converted.add(toAttributeValue(element, where + "[" + i++ + "]"));
      }
      return AttributeValue.fromL(converted);
    }
    throw new ConversionException(
        "Cannot convert "
            + where
            + ": unsupported Java type "
            + value.getClass().getName()
            + "; expected String, Number, Boolean, byte[]/ByteBuffer, Map, List, Set or null");
  }

  private static AttributeValue toSet(Set<?> set, String where) {
    if (set.isEmpty()) {
      throw new ConversionException(
          "Cannot convert "
              + where
              + ": DynamoDB has no empty sets; write null or leave the attribute out");
    }
    Object first = set.iterator().next();
    List<String> texts = new ArrayList<>(set.size());
    List<SdkBytes> bytes = new ArrayList<>(set.size());
    for (Object element : set) {
      if (element == null || !sameSetKind(first, element)) {
        throw new ConversionException(
            "Cannot convert "
                + where
                + ": a set mixes "
                + className(first)
                + " and "
                + className(element)
                + "; DynamoDB sets hold only strings, only numbers or only binary");
      }
      if (element instanceof String text) {
        texts.add(text);
      } else if (element instanceof Number number) {
        texts.add(formatNumber(number, where));
      } else {
        bytes.add(bytes(element));
      }
    }
    if (first instanceof String) {
      return AttributeValue.fromSs(texts);
    }
    if (first instanceof Number) {
      return AttributeValue.fromNs(texts);
    }
    return AttributeValue.fromBs(bytes);
  }

  private static boolean sameSetKind(Object first, Object element) {
    if (first instanceof String) {
      return element instanceof String;
    }
    if (first instanceof Number) {
      return element instanceof Number;
    }
    return isBytes(first) && isBytes(element);
  }

  private static boolean isBytes(Object value) {
    return value instanceof ByteBuffer || value instanceof byte[] || value instanceof SdkBytes;
  }

  static SdkBytes bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      return SdkBytes.fromByteBuffer(buffer.duplicate());
    }
    if (value instanceof SdkBytes sdkBytes) {
      return sdkBytes;
    }
    return SdkBytes.fromByteArray((byte[]) value);
  }

  private static String formatNumber(Number number, String where) {
    return DynamoDbNumbers.format(number, where);
  }

  private static String className(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
