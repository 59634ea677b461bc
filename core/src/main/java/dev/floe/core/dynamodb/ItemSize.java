package dev.floe.core.dynamodb;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size of an item as DynamoDB counts it against its 400 KB item limit and for capacity units.
 *
 * <ul>
 *   <li>each top-level attribute: UTF-8 length of its name + size of its value;
 *   <li>S: UTF-8 bytes; B: raw bytes; BOOL and NULL: 1 byte;
 *   <li>N: 1 byte + 1 byte per pair of significant digits, the pairs aligned on the decimal point
 *       (DynamoDB stores numbers as base-100 digits), + 1 byte for a negative number of fewer than
 *       20 pairs; zero is 1 byte. The documentation says "approximately (number of significant
 *       digits)/2 + 1": this is that rule made exact, and it is what DynamoDB (Local) enforces;
 *   <li>SS, NS, BS: the sum of their elements;
 *   <li>L and M: 3 bytes + for each element 1 byte + its size (for M also the UTF-8 length of its
 *       key).
 * </ul>
 *
 * <p>{@code ItemSizeDynamoDbITCase} proves every rule against DynamoDB Local: an item of exactly
 * {@value #MAX_ITEM_SIZE} bytes by this count is accepted and one byte more is rejected.
 */
public final class ItemSize {

  /** DynamoDB's item size limit: 400 KB. */
  public static final long MAX_ITEM_SIZE = 400 * 1024;

  /** Each element of a list or map costs one byte besides its value. */
  private static final int NESTED_ELEMENT_OVERHEAD = 1;

  /** A list or map costs three bytes whatever it holds. */
  private static final int DOCUMENT_OVERHEAD = 3;

  /** Negative numbers of fewer base-100 digit pairs than this carry a terminator byte. */
  private static final int MAX_NUMBER_PAIRS_WITH_TERMINATOR = 19;

  private ItemSize() {}

  /** The size of {@code item} in bytes. */
  public static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += of(attribute.getKey(), attribute.getValue());
    }
    return size;
  }

  /** The size of one top-level attribute: its name and its value. */
  public static long of(String name, AttributeValue value) {
    return utf8Length(name) + valueSize(value);
  }

  /** The size of a value alone, without an attribute name. */
  static long valueSize(AttributeValue value) {
    switch (value.type()) {
      case S:
        return utf8Length(value.s());
      case N:
        return numberSize(value.n());
      case B:
        return value.b().asByteArrayUnsafe().length;
      case BOOL:
      case NUL:
        return 1;
      case SS:
        return sumOfStrings(value.ss());
      case NS:
        long numbers = 0;
        for (String number : value.ns()) {
          numbers += numberSize(number);
        }
        return numbers;
      case BS:
        long bytes = 0;
        for (SdkBytes element : value.bs()) {
          bytes += element.asByteArrayUnsafe().length;
        }
        return bytes;
      case L:
        long list = DOCUMENT_OVERHEAD;
        for (AttributeValue element : value.l()) {
          list += NESTED_ELEMENT_OVERHEAD + valueSize(element);
        }
        return list;
      case M:
        long map = DOCUMENT_OVERHEAD;
        for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
          map += NESTED_ELEMENT_OVERHEAD + of(entry.getKey(), entry.getValue());
        }
        return map;
      default:
        throw new IllegalArgumentException(
            "Cannot size a value of unknown DynamoDB type " + value.type());
    }
  }

  /**
   * Bytes of an N value. DynamoDB keeps a sign-and-exponent byte and the significant digits as
   * base-100 digits aligned on the decimal point, so 123 ({@code 1|23}) needs two digit bytes while
   * 12 needs one, and 1.5 ({@code 1|50}) needs two.
   */
  static long numberSize(String number) {
    BigDecimal value = new BigDecimal(number.trim());
    if (value.signum() == 0) {
      return 1;
    }
    BigDecimal digits = value.abs().stripTrailingZeros();
    int significant = digits.precision();
    // Digits before the decimal point (negative for 0.00x): decides the base-100 alignment.
    int integerDigits = significant - digits.scale();
    int padding = integerDigits % 2 == 0 ? 0 : 1;
    int pairs = (significant + padding + 1) / 2;
    boolean terminator = value.signum() < 0 && pairs <= MAX_NUMBER_PAIRS_WITH_TERMINATOR;
    return 1 + pairs + (terminator ? 1 : 0);
  }

  private static long sumOfStrings(List<String> strings) {
    long size = 0;
    for (String text : strings) {
      size += utf8Length(text);
    }
    return size;
  }

  /** UTF-8 length without encoding: attribute values can be 400 KB and items are sized often. */
  static long utf8Length(String text) {
    long length = 0;
    int count = text.length();
    for (int i = 0; i < count; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (!Character.isSurrogate(c)) {
        length += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < count
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        // An unpaired surrogate has no UTF-8 form; Java's encoder writes '?' in its place.
        length += 1;
      }
    }
    return length;
  }
}
