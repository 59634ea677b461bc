package dev.floe.flink.dynamodb.source;

import dev.floe.core.dynamodb.TableKeySchema;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns the DynamoDB items a {@link DynamoDbSource} reads into records. Each reader works on its
 * own copy, from one thread.
 *
 * @param <T> the records produced
 */
public interface DynamoDbItemDeserializer<T> extends Serializable, ResultTypeQueryable<T> {

  /**
   * Called once per reader before the first item.
   *
   * @param metricGroup the reader's metric group, for counters of the deserializer's own
   * @param tableKeys the key attributes of the table read, to name items in error messages
   */
  default void open(MetricGroup metricGroup, TableKeySchema tableKeys) throws Exception {}

  /**
   * Emits the record for {@code item} into {@code out}: one record, or none to drop the item.
   *
   * @throws IOException (or a runtime exception) to fail the job; name the item in the message
   */
  void deserialize(Map<String, AttributeValue> item, Collector<T> out) throws IOException;
}
