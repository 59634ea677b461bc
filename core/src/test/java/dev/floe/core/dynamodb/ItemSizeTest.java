package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static dev.floe.testing.DynamoDbItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The size rules on known values; ItemSizeDynamoDbITCase proves them against DynamoDB Local. */
class ItemSizeTest {

  @ParameterizedTest(name = "N {0} is {1} bytes")
  @CsvSource({
    "0, 1",
    "0.000, 1",
    "1, 2",
    "12, 2",
    "99, 2",
    "100, 2",
    "123, 3",
    "1234, 3",
    "12345, 4",
    "1.5, 3",
    "12.5, 3",
    "0.5, 2",
    "0.05, 2",
    "0.005, 2",
    "1E+10, 2",
    "1E+11, 2",
    "-1, 3",
    "-123, 4",
    "-0.5, 3",
    // 38 significant digits: 19 pairs, plus a terminator byte when negative.
    "12345678901234567890123456789012345678, 20",
    "-12345678901234567890123456789012345678, 21",
    // 38 digits not aligned on a pair: 20 pairs, and negative ones then carry no terminator.
    "1234567890123456789012345678901234567.8, 21",
    "-1234567890123456789012345678901234567.8, 21",
  })
  void numbersCountBase100DigitPairsAlignedOnTheDecimalPoint(String number, long size) {
    assertThat(ItemSize.valueSize(n(number))).isEqualTo(size);
  }

  @Test
  void stringsCountUtf8Bytes() {
    assertThat(ItemSize.of("name", s("abc"))).isEqualTo(4 + 3);
    // é is 2 bytes, € 3, the G clef (a surrogate pair) 4.
    assertThat(ItemSize.of("n", s("é€\uD834\uDD1E"))).isEqualTo(1 + 2 + 3 + 4);
    assertThat(ItemSize.of("ä", s(""))).isEqualTo(2);
  }

  @Test
  void binaryBooleanAndNull() {
    assertThat(ItemSize.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10]))))
        .isEqualTo(11);
    assertThat(ItemSize.of("flag", AttributeValue.fromBool(true))).isEqualTo(5);
    assertThat(ItemSize.of("nothing", AttributeValue.fromNul(true))).isEqualTo(8);
  }

  @Test
  void setsAreTheSumOfTheirElements() {
    assertThat(ItemSize.valueSize(AttributeValue.fromSs(List.of("a", "bb")))).isEqualTo(3);
    assertThat(ItemSize.valueSize(AttributeValue.fromNs(List.of("1", "123")))).isEqualTo(2 + 3);
    assertThat(
            ItemSize.valueSize(
                AttributeValue.fromBs(
                    List.of(
                        SdkBytes.fromByteArray(new byte[2]), SdkBytes.fromByteArray(new byte[3])))))
        .isEqualTo(5);
  }

  @Test
  void listsAndMapsCostThreeBytesAndOneByteAnElement() {
    assertThat(ItemSize.valueSize(AttributeValue.fromL(List.of()))).isEqualTo(3);
    assertThat(ItemSize.valueSize(AttributeValue.fromM(Map.of()))).isEqualTo(3);
    assertThat(ItemSize.valueSize(AttributeValue.fromL(List.of(s("ab"), n("1")))))
        .isEqualTo(3 + (1 + 2) + (1 + 2));
    assertThat(ItemSize.valueSize(AttributeValue.fromM(Map.of("key", s("ab")))))
        .isEqualTo(3 + 1 + 3 + 2);
  }

  @Test
  void itemIsTheSumOfNamesAndValuesWithoutPerAttributeOverhead() {
    Map<String, AttributeValue> item = item("id", s("u1"), "qty", n("12"));
    assertThat(ItemSize.of(item)).isEqualTo((2 + 2) + (3 + 2));
  }
}
