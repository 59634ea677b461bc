package dev.floe.flink.dynamodb.source;

import dev.floe.core.conversion.DynamoDbJson;
import dev.floe.core.dynamodb.ScanSegment;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Version 2: segment, total segments, finished flag, items read, then the start key (absent, or its
 * attributes as name and DynamoDB JSON). Version 1 positioned a split at a page start plus a count
 * of items to skip; it is not read, as a changed table made that count unsafe.
 */
public final class DynamoDbSourceSplitSerializer
    implements SimpleVersionedSerializer<DynamoDbSourceSplit> {
  public static final DynamoDbSourceSplitSerializer INSTANCE = new DynamoDbSourceSplitSerializer();

  private static final int VERSION = 2;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(DynamoDbSourceSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(split, out);
    }
    return bytes.toByteArray();
  }

  @Override
  public DynamoDbSourceSplit deserialize(int version, byte[] serialized) throws IOException {
    checkVersion(version);
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(serialized))) {
      return read(in);
    }
  }

  static void checkVersion(int version) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "Cannot restore a DynamoDB source split of serializer version "
              + version
              + ": this connector reads version "
              + VERSION);
    }
  }

  static void write(DynamoDbSourceSplit split, DataOutput out) throws IOException {
    ScanSegment segment = split.segment();
    out.writeInt(segment.segment());
    out.writeInt(segment.totalSegments());
    out.writeBoolean(segment.isFinished());
    out.writeLong(segment.itemsRead());
    Map<String, AttributeValue> key = segment.exclusiveStartKey();
    out.writeBoolean(key != null);
    if (key != null) {
      out.writeInt(key.size());
      for (Map.Entry<String, AttributeValue> attribute : key.entrySet()) {
        writeString(attribute.getKey(), out);
        writeString(DynamoDbJson.write(attribute.getValue()), out);
      }
    }
  }

  static DynamoDbSourceSplit read(DataInput in) throws IOException {
    int index = in.readInt();
    int total = in.readInt();
    boolean finished = in.readBoolean();
    long itemsRead = in.readLong();
    Map<String, AttributeValue> key = null;
    if (in.readBoolean()) {
      int size = in.readInt();
      key = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        String name = readString(in);
        key.put(name, DynamoDbJson.read(readString(in), "start key attribute " + name));
      }
    }
    ScanSegment segment;
    if (finished) {
      segment = ScanSegment.finished(index, total, itemsRead);
    } else if (key == null) {
      segment = ScanSegment.start(index, total);
    } else {
      segment = ScanSegment.resumeAt(index, total, key, itemsRead);
    }
    return DynamoDbSourceSplit.of(segment);
  }

  // Not writeUTF: it stops at 64 KiB of modified UTF-8, and a binary key in JSON may come close.
  private static void writeString(String text, DataOutput out) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInput in) throws IOException {
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
