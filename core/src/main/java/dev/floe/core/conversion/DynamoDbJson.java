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
   * Parses one value; the error message says only what is wrong with the text.
   *
   * @throws ConversionException when the text is not one DynamoDB JSON value
   */
  public static AttributeValue read(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      AttributeValue value = read(parser);
      if (parser.nextToken() != null) {
        throw malformed("text after the value", parser.getText());
      }
      return value;
    } catch (IOException e) {
      throw new ConversionException(
          "'"
              + json
              + "' is not DynamoDB JSON (expected e.g. {\"S\":\"text\"} or {\"N\":\"1\"}): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Parses one value.
   *
   * @param where names the attribute and item for the error message
   */
  public static AttributeValue read(String json, String where) {
    try {
      return read(json);
    } catch (ConversionException e) {
      throw new ConversionException("Cannot convert " + where + ": " + e.getMessage(), e);
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

  private static AttributeValue read(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw malformed("an object with one type key", parser.getText());
    }
    if (parser.nextToken() != JsonToken.FIELD_NAME) {
      throw malformed("one type key such as S, N, M or L", "{}");
    }
    String type = parser.currentName();
    parser.nextToken();
    AttributeValue value =
        switch (type) {
          case "S" -> AttributeValue.fromS(text(parser, type));
          case "N" -> {
            String number = text(parser, type);
            DynamoDbNumbers.parse(number);
            yield AttributeValue.fromN(number);
          }
          case "B" -> AttributeValue.fromB(bytes(text(parser, type)));
          case "BOOL" -> AttributeValue.fromBool(bool(parser, type));
          case "NULL" -> {
            if (!bool(parser, type)) {
              throw malformed("NULL to be true", "false");
            }
            yield AttributeValue.fromNul(true);
          }
          case "M" -> {
            expect(parser, JsonToken.START_OBJECT, type);
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String key = parser.currentName();
              parser.nextToken();
              map.put(key, read(parser));
            }
            yield AttributeValue.fromM(map);
          }
          case "L" -> {
            expect(parser, JsonToken.START_ARRAY, type);
            List<AttributeValue> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              list.add(read(parser));
            }
            yield AttributeValue.fromL(list);
          }
          case "SS" -> AttributeValue.fromSs(strings(parser, type));
          case "NS" -> {
            List<String> numbers = strings(parser, type);
            numbers.forEach(DynamoDbNumbers::parse);
            yield AttributeValue.fromNs(numbers);
          }
          case "BS" -> {
            List<SdkBytes> values = new ArrayList<>();
            for (String text : strings(parser, type)) {
              values.add(bytes(text));
            }
            yield AttributeValue.fromBs(values);
          }
          default -> throw malformed("a type key S, N, B, BOOL, NULL, M, L, SS, NS or BS", type);
        };
    if (parser.nextToken() != JsonToken.END_OBJECT) {
      throw malformed("exactly one type key per value", parser.getText());
    }
    return value;
  }

  private static void expect(JsonParser parser, JsonToken token, String type) throws IOException {
    if (parser.currentToken() != token) {
      throw malformed(type + " to hold " + token, parser.getText());
    }
  }

  private static String text(JsonParser parser, String type) throws IOException {
    expect(parser, JsonToken.VALUE_STRING, type);
    return parser.getText();
  }

  private static boolean bool(JsonParser parser, String type) throws IOException {
    if (!parser.currentToken().isBoolean()) {
      throw malformed(type + " to hold true or false", parser.getText());
    }
    return parser.getBooleanValue();
  }

  private static List<String> strings(JsonParser parser, String type) throws IOException {
    expect(parser, JsonToken.START_ARRAY, type);
    List<String> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(parser, JsonToken.VALUE_STRING, type);
      values.add(parser.getText());
    }
    return values;
  }

  private static SdkBytes bytes(String base64) {
    try {
      return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw malformed("base64 bytes", base64);
    }
  }

  private static ConversionException malformed(String expected, String found) {
    return new ConversionException(
        "malformed DynamoDB JSON: expected " + expected + ", found '" + found + "'");
  }
}
