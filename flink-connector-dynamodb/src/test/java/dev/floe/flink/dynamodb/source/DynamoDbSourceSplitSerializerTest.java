package dev.floe.flink.dynamodb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.dynamodb.Page;
import dev.floe.core.dynamodb.ScanSegment;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbSourceSplitSerializerTest {

  private static Map<String, AttributeValue> key() {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put("pk", AttributeValue.fromS("über ✓"));
    key.put("sk", AttributeValue.fromN("-12.5e3"));
    key.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 7})));
    return key;
  }

  private static List<DynamoDbSourceSplit> splits() {
    return List.of(
        DynamoDbSourceSplit.of(ScanSegment.start(0, 4)),
        DynamoDbSourceSplit.of(ScanSegment.resumeAt(3, 4, key(), 1234)),
        DynamoDbSourceSplit.of(
            ScanSegment.resumeAt(1, 4, key(), 50).after(new Page(List.of(), null))),
        DynamoDbSourceSplit.of(ScanSegment.finished(0, 1, 0)));
  }

  @Test
  void splitsRoundTrip() throws IOException {
    DynamoDbSourceSplitSerializer serializer = DynamoDbSourceSplitSerializer.INSTANCE;
    for (DynamoDbSourceSplit split : splits()) {
      DynamoDbSourceSplit back =
          serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
      assertThat(back).isEqualTo(split);
      assertThat(back.splitId()).isEqualTo(split.splitId());
      assertThat(back.segment().isFinished()).isEqualTo(split.segment().isFinished());
      assertThat(back.segment().itemsRead()).isEqualTo(split.segment().itemsRead());
    }
  }

  @Test
  void enumeratorStateRoundTrips() throws IOException {
    DynamoDbEnumeratorStateSerializer serializer = DynamoDbEnumeratorStateSerializer.INSTANCE;
    for (DynamoDbEnumeratorState state :
        List.of(
            DynamoDbEnumeratorState.initial(),
            new DynamoDbEnumeratorState(List.of(), true),
            new DynamoDbEnumeratorState(splits(), true))) {
      assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
          .isEqualTo(state);
    }
  }

  @Test
  void aVersion1SplitIsRefusedByName() {
    assertThatThrownBy(() -> DynamoDbSourceSplitSerializer.INSTANCE.deserialize(1, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Cannot restore a DynamoDB source split of serializer version 1: this connector reads"
                + " version 2");
  }

  @Test
  void unknownVersionIsRefused() {
    assertThatThrownBy(() -> DynamoDbSourceSplitSerializer.INSTANCE.deserialize(9, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 9");
  }
}
