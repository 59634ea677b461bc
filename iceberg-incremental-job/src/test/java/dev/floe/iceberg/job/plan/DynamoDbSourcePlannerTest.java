package dev.floe.iceberg.job.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.conversion.TimestampEncoding;
import dev.floe.core.dynamodb.AttributePath;
import dev.floe.core.dynamodb.FilterPredicate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The filter a DynamoDB source sends: it may let older items through, never drop newer ones. */
class DynamoDbSourcePlannerTest {
  private static final long MICROS =
      Instant.parse("2026-11-21T08:15:30.123456Z").getEpochSecond() * 1_000_000L + 123_456;

  private static FilterPredicate notBefore(AttributeValue bound) {
    return FilterPredicate.not(FilterPredicate.lt(AttributePath.of("updated_at"), bound));
  }

  @Test
  void epochBoundsAreRoundedDownToTheUnit() {
    assertThat(
            DynamoDbSourcePlanner.notOlderThan(
                "updated_at", MICROS, TimestampEncoding.EPOCH_SECONDS))
        .isEqualTo(notBefore(AttributeValue.fromN("1795248930")));
    assertThat(
            DynamoDbSourcePlanner.notOlderThan(
                "updated_at", MICROS, TimestampEncoding.EPOCH_MILLIS))
        .isEqualTo(notBefore(AttributeValue.fromN("1795248930123")));
    assertThat(
            DynamoDbSourcePlanner.notOlderThan("updated_at", MICROS, TimestampEncoding.EPOCH_NANOS))
        .isEqualTo(notBefore(AttributeValue.fromN("1795248930123456000")));
  }

  @Test
  void anIso8601BoundReachesBackTwelveHoursForTextWithZoneOffsets() {
    FilterPredicate filter =
        DynamoDbSourcePlanner.notOlderThan("updated_at", MICROS, TimestampEncoding.ISO_8601);

    // 2026-11-21T08:15:30Z written at -12:00 reads 2026-11-20T20:15:30-12:00: still not below.
    assertThat(filter).isEqualTo(notBefore(AttributeValue.fromS("2026-11-20T20:15:30")));
  }
}
