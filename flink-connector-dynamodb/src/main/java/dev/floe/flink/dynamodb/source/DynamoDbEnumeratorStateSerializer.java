package dev.floe.flink.dynamodb.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Version 1: the planned flag, then the unassigned splits as {@link DynamoDbSourceSplitSerializer}.
 */
public final class DynamoDbEnumeratorStateSerializer
    implements SimpleVersionedSerializer<DynamoDbEnumeratorState> {
  public static final DynamoDbEnumeratorStateSerializer INSTANCE =
      new DynamoDbEnumeratorStateSerializer();

  // Version 2: splits in DynamoDbSourceSplitSerializer version 2.
  private static final int VERSION = 2;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(DynamoDbEnumeratorState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(state.planned());
      out.writeInt(state.unassignedSplits().size());
      for (DynamoDbSourceSplit split : state.unassignedSplits()) {
        DynamoDbSourceSplitSerializer.write(split, out);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public DynamoDbEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "Cannot restore a DynamoDB source enumerator state of serializer version "
              + version
              + ": this connector reads version "
              + VERSION);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      boolean planned = in.readBoolean();
      int count = in.readInt();
      List<DynamoDbSourceSplit> splits = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        splits.add(DynamoDbSourceSplitSerializer.read(in));
      }
      return new DynamoDbEnumeratorState(splits, planned);
    }
  }
}
