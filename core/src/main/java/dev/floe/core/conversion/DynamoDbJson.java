package dev.floe.core.conversion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON, the text form of the DynamoDB API and of its table exports: every value is an
 * object with one type key, e.g. {@code {"M":{"n":{"N":"1"},"tags":{"SS":["a"]}}}}. It is lossless
 * for every DynamoDB type, which is why {@link LogicalType.DocumentType} values use it.
 */
public final class DynamoDbJson {
  private static final JsonFactory JSON = new JsonFactory();

  private DynamoDbJson() {}

  public static String write(AttributeValue value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(value, generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Parses one value.
   *
   * @param where names the attribute and item for the error message
   */
  public static AttributeValue read(String json, String where) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      AttributeValue value = read(parser, where);
      if (parser.nextToken() != null) {
        throw malformed(where, json, "text after the value");
      }
      return value;
    } catch (IOException e) {
      throw new ConversionException(
          "Cannot convert "
              + where
              + ": '"
              + json
              + "' is not DynamoDB JSON (expected e.g. {\"S\":\"text\"} or {\"N\":\"1\"}): "
              + e.getMessage(),
          e);
    }
  }

  private static void write(AttributeValue value, JsonGenerator out) throws IOException {
    out.writeStartObject();
    switch (value.type()) {
      case S -> out.writeStringField("S", value.s());
      case N -> out.writeStringField("N", value.n());
      case B -> out.writeStringField("B", base64(value.b()));
      case BOOL -> out.writeBooleanField("BOOL", value.bool());
      case NUL -> out.writeBooleanField("NULL", true);
      case M -> {
        out.writeObjectFieldStart("M");
        for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
          out.writeFieldName(entry.getKey());
          write(entry.getValue(), out);
        }
        out.writeEndObject();
      }
      case L -> {
        out.writeArrayFieldStart("L");
        for (AttributeValue element : value.l()) {
          write(element, out);
        }
        out.writeEndArray();
      }
      case SS -> writeStrings(out, "SS", value.ss());
      case NS -> writeStrings(out, "NS", value.ns());
      case BS -> {
        out.writeArrayFieldStart("BS");
        for (SdkBytes bytes : value.bs()) {
          out.writeString(base64(bytes));
        }
        out.writeEndArray();
      }
      default ->
          throw new ConversionException(
              "Cannot write an AttributeValue of unknown type " + value.type());
    }
    out.writeEndObject();
  }

  private static void writeStrings(JsonGenerator out, String type, List<String> values)
      throws IOException {
    out.writeArrayFieldStart(type);
    for (String value : values) {
      out.writeString(value);
    }
    out.writeEndArray();
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  private static AttributeValue read(JsonParser parser, String where) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw malformed(where, parser.getText(), "an object with one type key");
    }
    if (parser.nextToken() != JsonToken.FIELD_NAME) {
      throw malformed(where, "{}", "one type key such as S, N, M or L");
    }
    String type = parser.currentName();
    parser.nextToken();
    AttributeValue value =
        switch (type) {
          case "S" -> AttributeValue.fromS(text(parser, where, type));
          case "N" -> {
            String number = text(parser, where, type);
            DynamoDbNumbers.parse(number, where);
            yield AttributeValue.fromN(number);
          }
          case "B" -> AttributeValue.fromB(bytes(text(parser, where, type), where));
          case "BOOL" -> AttributeValue.fromBool(bool(parser, where, type));
          case "NULL" -> {
            if (!bool(parser, where, type)) {
              throw malformed(where, "false", "NULL to be true");
            }
            yield AttributeValue.fromNul(true);
          }
          case "M" -> {
            expect(parser, JsonToken.START_OBJECT, where, type);
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String key = parser.currentName();
              parser.nextToken();
              map.put(key, read(parser, where));
            }
            yield AttributeValue.fromM(map);
          }
          case "L" -> {
            expect(parser, JsonToken.START_ARRAY, where, type);
            List<AttributeValue> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              list.add(read(parser, where));
            }
            yield AttributeValue.fromL(list);
          }
          case "SS" -> AttributeValue.fromSs(strings(parser, where, type));
          case "NS" -> {
            List<String> numbers = strings(parser, where, type);
            numbers.forEach(number -> DynamoDbNumbers.parse(number, where));
            yield AttributeValue.fromNs(numbers);
          }
          case "BS" -> {
            List<SdkBytes> values = new ArrayList<>();
            for (String text : strings(parser, where, type)) {
              values.add(bytes(text, where));
            }
            yield AttributeValue.fromBs(values);
          }
          default ->
              throw malformed(where, type, "a type key S, N, B, BOOL, NULL, M, L, SS, NS or BS");
        };
    if (parser.nextToken() != JsonToken.END_OBJECT) {
      throw malformed(where, parser.getText(), "exactly one type key per value");
    }
    return value;
  }

  private static void expect(JsonParser parser, JsonToken token, String where, String type)
      throws IOException {
    if (parser.currentToken() != token) {
      throw malformed(where, parser.getText(), type + " to hold " + token);
    }
  }

  private static String text(JsonParser parser, String where, String type) throws IOException {
    expect(parser, JsonToken.VALUE_STRING, where, type);
    return parser.getText();
  }

  private static boolean bool(JsonParser parser, String where, String type) throws IOException {
    if (!parser.currentToken().isBoolean()) {
      throw malformed(where, parser.getText(), type + " to hold true or false");
    }
    return parser.getBooleanValue();
  }

  private static List<String> strings(JsonParser parser, String where, String type)
      throws IOException {
    expect(parser, JsonToken.START_ARRAY, where, type);
    List<String> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(parser, JsonToken.VALUE_STRING, where, type);
      values.add(parser.getText());
    }
    return values;
  }

  private static SdkBytes bytes(String base64, String where) {
    try {
      return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw malformed(where, base64, "base64 bytes");
    }
  }

  private static ConversionException malformed(String where, String found, String expected) {
    return new ConversionException(
        "Cannot convert "
            + where
            + ": malformed DynamoDB JSON: expected "
            + expected
            + ", found '"
            + found
            + "'");
  }
}
