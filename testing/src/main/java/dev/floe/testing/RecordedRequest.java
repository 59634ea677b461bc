package dev.floe.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One request a {@link DynamoDbFaultProxy} received, as the client sent it: the operation (the
 * X-Amz-Target suffix, e.g. {@code Scan}), the JSON body and the access key id it was signed with.
 * No header is kept: Authorization carries the signature, and X-Amz-Security-Token a session token.
 * Immutable.
 *
 * <pre>{@code
 * RecordedRequest scan = proxy.requests("Scan").get(0);
 * scan.text("FilterExpression");          // Optional[#n0 = :v0]
 * scan.resolved("FilterExpression");      // Optional[`status` = 'open']
 * scan.expressionAttributeValues();       // {:v0=AttributeValue(S=open)}
 * scan.number("Limit");                   // OptionalLong[3]
 * }</pre>
 */
public final class RecordedRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** DynamoDB's placeholders: {@code #} or {@code :} followed by letters, digits or underscores. */
  private static final Pattern PLACEHOLDER = Pattern.compile("[#:][A-Za-z0-9_]+");

  /** The access key id in a SigV4 Authorization header: {@code Credential=<key id>/<date>/...}. */
  private static final Pattern SIGNING_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

  private final String operation;
  private final String body;
  private final String accessKeyId;

  RecordedRequest(String operation, String body) {
    this(operation, body, null);
  }

  /**
   * @param accessKeyId the access key id the request was signed with, or null if unsigned
   */
  RecordedRequest(String operation, String body, String accessKeyId) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.body = Objects.requireNonNull(body, "body");
    this.accessKeyId = accessKeyId;
  }

  /**
   * The access key id of a SigV4 {@code Authorization} header, which is all a recorder keeps of it:
   * the signature and any session token stay unrecorded. Null for a missing or other header.
   */
  static String signingAccessKeyId(String authorization) {
    if (authorization == null) {
      return null;
    }
    Matcher credential = SIGNING_KEY.matcher(authorization);
    return credential.find() ? credential.group(1) : null;
  }

  /** The operation, e.g. {@code Scan}, {@code Query}; {@code unknown} without X-Amz-Target. */
  public String operation() {
    return operation;
  }

  /**
   * The access key id the client signed the request with (from its SigV4 Authorization header),
   * e.g. to check which credentials a provider resolved, such as those of an assumed role; empty
   * for an unsigned request.
   */
  public Optional<String> signingAccessKeyId() {
    return Optional.ofNullable(accessKeyId);
  }

  /** The body exactly as received (DynamoDB's JSON protocol). */
  public String body() {
    return body;
  }

  /**
   * The body parsed; a new tree each call, so callers cannot change what others read.
   *
   * @throws IllegalStateException if the body is not JSON
   */
  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot read the recorded " + operation + " request's body as JSON: " + e.getMessage(),
          e);
    }
  }

  /**
   * A top-level string field, e.g. {@code FilterExpression}, {@code TableName}; empty when absent.
   *
   * @throws IllegalStateException if the field is not a string
   */
  public Optional<String> text(String field) {
    JsonNode node = json().get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw notA("a string", field, node);
    }
    return Optional.of(node.textValue());
  }

  /**
   * A top-level integer field, e.g. {@code Limit}, {@code TotalSegments}; empty when absent.
   *
   * @throws IllegalStateException if the field is not an integer
   */
  public OptionalLong number(String field) {
    JsonNode node = json().get(field);
    if (node == null || node.isNull()) {
      return OptionalLong.empty();
    }
    if (!node.isIntegralNumber()) {
      throw notA("an integer", field, node);
    }
    return OptionalLong.of(node.longValue());
  }

  /** ExpressionAttributeNames, placeholder to attribute name, in the request's order. */
  public Map<String, String> expressionAttributeNames() {
    Map<String, String> names = new LinkedHashMap<>();
    JsonNode node = json().path("ExpressionAttributeNames");
    node.fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
    return Collections.unmodifiableMap(names);
  }

  /** ExpressionAttributeValues, placeholder to operand, in the request's order. */
  public Map<String, AttributeValue> expressionAttributeValues() {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    JsonNode node = json().path("ExpressionAttributeValues");
    node.fields()
        .forEachRemaining(e -> values.put(e.getKey(), attributeValue(e.getValue(), e.getKey())));
    return Collections.unmodifiableMap(values);
  }

  /**
   * The expression in {@code field} with every placeholder replaced by what it stands for, to
   * assert on what DynamoDB evaluates: names in back quotes (so a name holding a dot, {@code
   * `a.b`}, differs from a nested path, {@code `a`.`b`}), strings in single quotes, numbers, {@code
   * TRUE}/{@code FALSE}, {@code NULL}, binaries as {@code X'0a1b'} and sets, lists and maps as
   * their JSON. E.g. {@code #n0 < :v0 OR #n0 > :v1} becomes {@code `status` < 'open' OR `status` >
   * 'open'}. Empty when the field is absent.
   *
   * @throws IllegalStateException if the expression uses a placeholder the request does not define
   */
  public Optional<String> resolved(String field) {
    Optional<String> expression = text(field);
    if (expression.isEmpty()) {
      return expression;
    }
    JsonNode json = json();
    JsonNode names = json.path("ExpressionAttributeNames");
    JsonNode values = json.path("ExpressionAttributeValues");
    Matcher matcher = PLACEHOLDER.matcher(expression.get());
    StringBuilder text = new StringBuilder();
    while (matcher.find()) {
      String placeholder = matcher.group();
      boolean name = placeholder.startsWith("#");
      JsonNode meaning = (name ? names : values).get(placeholder);
      if (meaning == null) {
        throw new IllegalStateException(
            "Cannot resolve "
                + placeholder
                + " in the recorded "
                + operation
                + " request's "
                + field
                + " '"
                + expression.get()
                + "': "
                + (name ? "ExpressionAttributeNames" : "ExpressionAttributeValues")
                + " does not define it");
      }
      String replacement = name ? "`" + meaning.asText() + "`" : literal(meaning);
      matcher.appendReplacement(text, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(text);
    return Optional.of(text.toString());
  }

  @Override
  public String toString() {
    return operation + " " + body;
  }

  private IllegalStateException notA(String kind, String field, JsonNode node) {
    return new IllegalStateException(
        "Cannot read "
            + field
            + " of the recorded "
            + operation
            + " request as "
            + kind
            + ": it is "
            + node);
  }

  /** A value in the notation of {@link #resolved(String)}. */
  private static String literal(JsonNode value) {
    if (value.size() == 1) {
      Map.Entry<String, JsonNode> typed = value.fields().next();
      JsonNode content = typed.getValue();
      switch (typed.getKey()) {
        case "S":
          return "'" + content.asText().replace("'", "''") + "'";
        case "N":
          return content.asText();
        case "BOOL":
          return content.asBoolean() ? "TRUE" : "FALSE";
        case "NULL":
          return "NULL";
        case "B":
          return "X'"
              + HexFormat.of().formatHex(Base64.getDecoder().decode(content.asText()))
              + "'";
        default:
          break;
      }
    }
    return value.toString();
  }

  /** DynamoDB's JSON form of an AttributeValue, e.g. {@code {"S":"x"}}, as the SDK's model. */
  private AttributeValue attributeValue(JsonNode node, String where) {
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalStateException(
          "Cannot read "
              + where
              + " of the recorded "
              + operation
              + " request as an AttributeValue: expected one type key such as {\"S\": ...}, got "
              + node);
    }
    Map.Entry<String, JsonNode> typed = node.fields().next();
    JsonNode content = typed.getValue();
    switch (typed.getKey()) {
      case "S":
        return AttributeValue.fromS(content.asText());
      case "N":
        return AttributeValue.fromN(content.asText());
      case "B":
        return AttributeValue.fromB(binary(content));
      case "BOOL":
        return AttributeValue.fromBool(content.asBoolean());
      case "NULL":
        return AttributeValue.fromNul(content.asBoolean());
      case "SS":
        return AttributeValue.fromSs(texts(content));
      case "NS":
        return AttributeValue.fromNs(texts(content));
      case "BS":
        List<SdkBytes> binaries = new ArrayList<>();
        content.forEach(b -> binaries.add(binary(b)));
        return AttributeValue.fromBs(binaries);
      case "L":
        List<AttributeValue> list = new ArrayList<>();
        int index = 0;
        for (JsonNode element : content) {
          list.add(attributeValue(element, where + "[" + index++ + "]"));
        }
        return AttributeValue.fromL(list);
      case "M":
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        content
            .fields()
            .forEachRemaining(
                e -> map.put(e.getKey(), attributeValue(e.getValue(), where + "." + e.getKey())));
        return AttributeValue.fromM(map);
      default:
        throw new IllegalStateException(
            "Cannot read "
                + where
                + " of the recorded "
                + operation
                + " request as an AttributeValue: unknown type '"
                + typed.getKey()
                + "'");
    }
  }

  private static SdkBytes binary(JsonNode base64) {
    return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64.asText()));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }
}
