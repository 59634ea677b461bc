package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class ScanPlannerTest {
  private static final long MIB = 1024L * 1024;

  private static TableDescription sized(Long bytes) {
    return TableDescription.builder().tableName("t").tableSizeBytes(bytes).build();
  }

  @Test
  void atLeastParallelismAndOneSegmentPer128MiB() {
    assertThat(ScanPlanner.segmentsFor(sized(0L), 1)).isEqualTo(1);
    assertThat(ScanPlanner.segmentsFor(sized(null), 3)).isEqualTo(3);
    assertThat(ScanPlanner.segmentsFor(sized(10 * MIB), 4)).isEqualTo(4);
    assertThat(ScanPlanner.segmentsFor(sized(128 * MIB), 1)).isEqualTo(1);
    assertThat(ScanPlanner.segmentsFor(sized(128 * MIB + 1), 1)).isEqualTo(2);
    assertThat(ScanPlanner.segmentsFor(sized(10 * 1024 * MIB), 8)).isEqualTo(80);
    assertThat(ScanPlanner.segmentsFor(sized(10 * 1024 * MIB), 200)).isEqualTo(200);
    // 1 PiB would be 8,388,608 segments: capped at DynamoDB's limit.
    assertThat(ScanPlanner.segmentsFor(sized(1024L * 1024 * 1024 * MIB), 1)).isEqualTo(1_000_000);
    assertThat(ScanPlanner.segmentsFor(sized(0L), 2_000_000)).isEqualTo(1_000_000);
    assertThatThrownBy(() -> ScanPlanner.segmentsFor(sized(0L), 0))
        .hasMessageContaining("need at least 1");
  }

  @Test
  void planGivesScanSegmentsOrOneQuerySegment() {
    ReadSpec scan = ReadSpec.builder("t").build();
    List<ScanSegment> segments = ScanPlanner.plan(scan, 3);
    assertThat(segments)
        .containsExactly(ScanSegment.start(0, 3), ScanSegment.start(1, 3), ScanSegment.start(2, 3));
    assertThat(segments.get(2).id()).isEqualTo("segment-2-of-3");
    ReadSpec query =
        ReadSpec.builder("t")
            .keyCondition(KeyCondition.partitionKeyEquals("pk", AttributeValue.fromS("a")))
            .build();
    assertThat(ScanPlanner.plan(query, 16)).containsExactly(ScanSegment.start(0, 1));
    assertThatThrownBy(() -> ScanPlanner.plan(scan, 0))
        .hasMessage("Cannot scan DynamoDB table 't' in 0 segments: need 1..1000000");
  }
}
