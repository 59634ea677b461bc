package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RecordedRequestTest {

  @Test
  void resolvedReplacesEveryPlaceholderWithTheNameOrLiteralItStandsFor() {
    RecordedRequest scan =
        scan(
            "{'FilterExpression':'#n1 BETWEEN :v10 AND :v1 OR (begins_with(#n0.#n2, :v2)"
                + " AND #n3 = :v3 AND #n3 <> :v4 AND NOT attribute_type(#n1, :v5))',"
                + "'ExpressionAttributeNames':{'#n0':'address','#n1':'a.b','#n2':'city',"
                + "'#n3':'status'},"
                + "'ExpressionAttributeValues':{':v1':{'N':'20'},':v10':{'N':'-1.5'},"
                + "':v2':{'S':'O''Hara'},':v3':{'BOOL':true},':v4':{'NULL':true},"
                + "':v5':{'S':'NULL'}}}");

    // :v10 is not read as :v1 followed by 0; a dotted name differs from a nested path.
    assertThat(scan.resolved("FilterExpression"))
        .hasValue(
            "`a.b` BETWEEN -1.5 AND 20 OR (begins_with(`address`.`city`, 'O''Hara')"
                + " AND `status` = TRUE AND `status` <> NULL AND NOT attribute_type(`a.b`,"
                + " 'NULL'))");
    assertThat(scan.text("FilterExpression"))
        .hasValue(
            "#n1 BETWEEN :v10 AND :v1 OR (begins_with(#n0.#n2, :v2) AND #n3 = :v3 AND #n3 <> :v4"
                + " AND NOT attribute_type(#n1, :v5))");
  }

  @Test
  void keepsOnlyTheAccessKeyIdOfTheAuthorizationHeader() {
    String authorization =
        "AWS4-HMAC-SHA256 Credential=ASIAASSUMED000000001/20261101/us-east-1/dynamodb/aws4_request,"
            + " SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef";

    RequestRecorder recorder = new RequestRecorder(Set.of(), 10);
    recorder.record("Scan", "{}".getBytes(StandardCharsets.UTF_8), authorization);
    RecordedRequest signed = recorder.requests().get(0);

    assertThat(signed.signingAccessKeyId()).hasValue("ASIAASSUMED000000001");
    assertThat(signed.toString()).doesNotContain("Signature", "0123456789abcdef");
    assertThat(RecordedRequest.signingAccessKeyId(null)).isNull();
    assertThat(RecordedRequest.signingAccessKeyId("Bearer token")).isNull();
    assertThat(new RecordedRequest("Scan", "{}").signingAccessKeyId()).isEmpty();
  }

  @Test
  void resolvedNamesAPlaceholderTheRequestDoesNotDefine() {
    RecordedRequest query =
        new RecordedRequest(
            "Query",
            json(
                "{'KeyConditionExpression':'#n0 = :v0 AND #n1 > :v1',"
                    + "'ExpressionAttributeNames':{'#n0':'pk'},"
                    + "'ExpressionAttributeValues':{':v0':{'S':'a'},':v1':{'N':'1'}}}"));

    assertThatThrownBy(() -> query.resolved("KeyConditionExpression"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot resolve #n1 in the recorded Query request's KeyConditionExpression"
                + " '#n0 = :v0 AND #n1 > :v1': ExpressionAttributeNames does not define it");
  }

  @Test
  void expressionAttributeValuesReadEveryDynamoDbTypeAsTheSdkModel() {
    RecordedRequest scan =
        scan(
            "{'ExpressionAttributeValues':{"
                + "':s':{'S':'x'},':n':{'N':'1e3'},':b':{'B':'AQI='},':t':{'BOOL':false},"
                + "':z':{'NULL':true},':ss':{'SS':['a','b']},':ns':{'NS':['1','2']},"
                + "':bs':{'BS':['AQ==']},':l':{'L':[{'S':'y'},{'N':'2'}]},"
                + "':m':{'M':{'k':{'S':'v'}}}}}");

    assertThat(scan.expressionAttributeValues())
        .containsExactly(
            entry(":s", AttributeValue.fromS("x")),
            entry(":n", AttributeValue.fromN("1e3")),
            entry(":b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2}))),
            entry(":t", AttributeValue.fromBool(false)),
            entry(":z", AttributeValue.fromNul(true)),
            entry(":ss", AttributeValue.fromSs(List.of("a", "b"))),
            entry(":ns", AttributeValue.fromNs(List.of("1", "2"))),
            entry(":bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1})))),
            entry(":l", AttributeValue.fromL(List.of(AttributeValue.fromS("y"), n("2")))),
            entry(":m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v")))));
    assertThat(scan.expressionAttributeNames()).isEmpty();
  }

  @Test
  void scalarFieldsReadAsTheirTypeOrFailNamingTheField() {
    RecordedRequest scan = scan("{'TableName':'t','Limit':3,'Segment':'0'}");

    assertThat(scan.text("TableName")).hasValue("t");
    assertThat(scan.number("Limit")).hasValue(3);
    assertThat(scan.text("FilterExpression")).isEmpty();
    assertThat(scan.number("TotalSegments")).isEmpty();
    assertThat(scan.resolved("ProjectionExpression")).isEmpty();
    assertThatThrownBy(() -> scan.number("Segment"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot read Segment of the recorded Scan request as an integer: it is \"0\"");
    assertThatThrownBy(() -> scan.text("Limit"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot read Limit of the recorded Scan request as a string: it is 3");
  }

  @Test
  void aBodyThatIsNotJsonFailsWhenReadNamingTheOperation() {
    RecordedRequest request = new RecordedRequest("unknown", "not json");

    assertThat(request.body()).isEqualTo("not json");
    assertThat(request).hasToString("unknown not json");
    assertThatThrownBy(request::json)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot read the recorded unknown request's body as JSON: ");
  }

  private static RecordedRequest scan(String singleQuotedJson) {
    return new RecordedRequest("Scan", json(singleQuotedJson));
  }

  /** JSON written with single quotes for readability; a doubled quote stays one quote. */
  private static String json(String singleQuoted) {
    return singleQuoted.replace("''", "\u0000").replace('\'', '"').replace('\u0000', '\'');
  }

  private static AttributeValue n(String number) {
    return AttributeValue.fromN(number);
  }
}
