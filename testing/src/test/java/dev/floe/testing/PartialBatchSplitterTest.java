package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartialBatchSplitterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void holdsBackTheLastWritesAcrossTablesAndMergesThemAsUnprocessedItems() throws Exception {
    String request =
        json(
            "{'RequestItems':{"
                + "'A':[{'PutRequest':{'Item':{'id':{'S':'a1'}}}},"
                + "{'PutRequest':{'Item':{'id':{'S':'a2'}}}},"
                + "{'DeleteRequest':{'Key':{'id':{'S':'a3'}}}}],"
                + "'B':[{'PutRequest':{'Item':{'id':{'S':'b1'}}}},"
                + "{'PutRequest':{'Item':{'id':{'S':'b2'}}}}]},"
                + "'ReturnConsumedCapacity':'TOTAL'}");

    PartialBatchSplitter.Split split =
        PartialBatchSplitter.split("BatchWriteItem", bytes(request), new Fault.PartialBatch(3, -1))
            .orElseThrow();
    byte[] merged = split.mergeInto(bytes(json("{'UnprocessedItems':{},'ConsumedCapacity':[]}")));

    assertThat(tree(split.forwardedBody()))
        .isEqualTo(
            tree(
                json(
                    "{'RequestItems':{'A':[{'PutRequest':{'Item':{'id':{'S':'a1'}}}},"
                        + "{'PutRequest':{'Item':{'id':{'S':'a2'}}}}]},"
                        + "'ReturnConsumedCapacity':'TOTAL'}")));
    assertThat(split.unprocessedCount()).isEqualTo(3);
    assertThat(tree(merged))
        .isEqualTo(
            tree(
                json(
                    "{'UnprocessedItems':{"
                        + "'A':[{'DeleteRequest':{'Key':{'id':{'S':'a3'}}}}],"
                        + "'B':[{'PutRequest':{'Item':{'id':{'S':'b1'}}}},"
                        + "{'PutRequest':{'Item':{'id':{'S':'b2'}}}}]},"
                        + "'ConsumedCapacity':[]}")));
  }

  @Test
  void holdsBackKeysWithTheirTableSettingsAndMergesThemAsUnprocessedKeys() throws Exception {
    String request =
        json(
            "{'RequestItems':{'A':{'Keys':[{'id':{'S':'1'}},{'id':{'S':'2'}},{'id':{'S':'3'}},"
                + "{'id':{'S':'4'}}],'ProjectionExpression':'id, #n',"
                + "'ExpressionAttributeNames':{'#n':'name'},'ConsistentRead':true}}}");

    PartialBatchSplitter.Split split =
        PartialBatchSplitter.split("BatchGetItem", bytes(request), new Fault.PartialBatch(-1, 0.5))
            .orElseThrow();
    byte[] merged =
        split.mergeInto(
            bytes(
                json(
                    "{'Responses':{'A':[{'id':{'S':'1'}},{'id':{'S':'2'}}]},'UnprocessedKeys':{}}")));

    String settings =
        "'ProjectionExpression':'id, #n','ExpressionAttributeNames':{'#n':'name'},'ConsistentRead':true";
    assertThat(tree(split.forwardedBody()))
        .isEqualTo(
            tree(
                json(
                    "{'RequestItems':{'A':{'Keys':[{'id':{'S':'1'}},{'id':{'S':'2'}}],"
                        + settings
                        + "}}}")));
    assertThat(tree(merged))
        .isEqualTo(
            tree(
                json(
                    "{'Responses':{'A':[{'id':{'S':'1'}},{'id':{'S':'2'}}]},"
                        + "'UnprocessedKeys':{'A':{'Keys':[{'id':{'S':'3'}},{'id':{'S':'4'}}],"
                        + settings
                        + "}}}")));
  }

  @Test
  void leavesAloneWhatItCannotSplit() {
    Fault.PartialBatch dropOne = new Fault.PartialBatch(1, -1);
    String single = json("{'RequestItems':{'A':[{'PutRequest':{'Item':{'id':{'S':'a1'}}}}]}}");

    assertThat(PartialBatchSplitter.split("BatchWriteItem", bytes(single), dropOne)).isEmpty();
    assertThat(PartialBatchSplitter.split("PutItem", bytes(single), dropOne)).isEmpty();
    assertThat(PartialBatchSplitter.split("BatchWriteItem", bytes("not json"), dropOne)).isEmpty();
  }

  @Test
  void keepsAtLeastOneWriteSoResubmitsProgress() {
    assertThat(new Fault.PartialBatch(30, -1).keepCount(25)).isEqualTo(1);
    assertThat(new Fault.PartialBatch(-1, 0.0).keepCount(25)).isEqualTo(1);
    assertThat(new Fault.PartialBatch(-1, 0.7).keepCount(10)).isEqualTo(7);
    assertThat(new Fault.PartialBatch(-1, 1.0).keepCount(25)).isEqualTo(25);
    assertThat(new Fault.PartialBatch(0, -1).keepCount(25)).isEqualTo(25);
  }

  /** JSON written with single quotes, to keep the test bodies readable. */
  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode tree(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static JsonNode tree(byte[] bytes) throws Exception {
    return JSON.readTree(bytes);
  }
}
