package dev.floe.core.dynamodb;

import static dev.floe.core.dynamodb.LocalDynamoDb.n;
import static dev.floe.core.dynamodb.LocalDynamoDb.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemKeyTest {

  @Test
  void equalityIsTyped() {
    assertThat(ItemKey.of(s("1"))).isNotEqualTo(ItemKey.of(n("1")));
    assertThat(ItemKey.of(s("1"))).isEqualTo(ItemKey.of(s("1")));
    assertThat(new ItemKey(s("a"), n("1"))).isNotEqualTo(new ItemKey(s("a"), s("1")));
    assertThat(new ItemKey(s("a"), null)).isNotEqualTo(new ItemKey(s("a"), s("")));
  }

  @Test
  void numbersAreEqualByValueAsInDynamoDb() {
    ItemKey one = ItemKey.of(n("1"));
    for (String same : List.of("1.0", "1.000", "1E0", "0.1E1", " 1")) {
      assertThat(ItemKey.of(n(same))).isEqualTo(one).hasSameHashCodeAs(one);
    }
    assertThat(ItemKey.of(n("0")))
        .isEqualTo(ItemKey.of(n("0.00")))
        .hasSameHashCodeAs(ItemKey.of(n("0.00")));
    assertThat(ItemKey.of(n("1.01"))).isNotEqualTo(one);
  }

  @Test
  void binaryIsEqualByContent() {
    ItemKey key = ItemKey.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
    ItemKey same = ItemKey.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
    assertThat(key).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(key)
        .isNotEqualTo(ItemKey.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 3}))));
  }

  @Test
  void onlyScalarsAreKeys() {
    assertThatThrownBy(() -> ItemKey.of(AttributeValue.fromBool(true)))
        .hasMessageContaining("S, N or B");
    assertThatThrownBy(() -> new ItemKey(s("a"), AttributeValue.fromNul(true)))
        .hasMessageContaining("sort key");
  }

  @Test
  void describesItselfShortly() {
    assertThat(new ItemKey(s("user-1"), n("5"))).hasToString("ItemKey[S:user-1, N:5]");
  }
}
