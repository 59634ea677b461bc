package dev.floe.iceberg.job.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The one split of the streaming job's {@link PlannerSource}: what the planner has planned so far,
 * which is its checkpointed state. Everything the planner emitted before a checkpoint barrier is
 * covered by these positions, so a job restored from that checkpoint plans exactly what follows.
 *
 * @param positions per source name, the last snapshot planned (as in the target's summary)
 * @param nextSequence the place in commit order the next planned task gets; it grows across polls,
 *     so that of two records with equal datetimes the later commit wins also when two polls fall
 *     between one pair of checkpoints
 */
record PlannerSplit(Map<String, Long> positions, long nextSequence) implements SourceSplit {
  static final String ID = "floe-planner";

  PlannerSplit {
    positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
  }

  @Override
  public String splitId() {
    return ID;
  }

  /** The split in the planner's checkpoints, and a list of splits in the enumerator's. */
  static final class Serializer implements SimpleVersionedSerializer<PlannerSplit> {
    static final Serializer INSTANCE = new Serializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(PlannerSplit split) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(64);
      write(split, out);
      return out.getCopyOfBuffer();
    }

    @Override
    public PlannerSplit deserialize(int version, byte[] serialized) throws IOException {
      checkVersion(version);
      return read(new DataInputDeserializer(serialized));
    }

    private static void write(PlannerSplit split, DataOutputSerializer out) throws IOException {
      out.writeLong(split.nextSequence());
      out.writeInt(split.positions().size());
      for (Map.Entry<String, Long> position : split.positions().entrySet()) {
        out.writeUTF(position.getKey());
        out.writeLong(position.getValue());
      }
    }

    private static PlannerSplit read(DataInputDeserializer in) throws IOException {
      long nextSequence = in.readLong();
      int size = in.readInt();
      Map<String, Long> positions = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        positions.put(in.readUTF(), in.readLong());
      }
      return new PlannerSplit(positions, nextSequence);
    }

    private static void checkVersion(int version) throws IOException {
      if (version != VERSION) {
        throw new IOException(
            "Cannot restore the planner of the streaming job from state version "
                + version
                + "; this version reads version "
                + VERSION);
      }
    }
  }

  /** The enumerator's checkpoint: the splits not assigned to the planner yet. */
  static final class ListSerializer implements SimpleVersionedSerializer<List<PlannerSplit>> {
    static final ListSerializer INSTANCE = new ListSerializer();

    @Override
    public int getVersion() {
      return Serializer.VERSION;
    }

    @Override
    public byte[] serialize(List<PlannerSplit> splits) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(64);
      out.writeInt(splits.size());
      for (PlannerSplit split : splits) {
        Serializer.write(split, out);
      }
      return out.getCopyOfBuffer();
    }

    @Override
    public List<PlannerSplit> deserialize(int version, byte[] serialized) throws IOException {
      Serializer.checkVersion(version);
      DataInputDeserializer in = new DataInputDeserializer(serialized);
      int size = in.readInt();
      List<PlannerSplit> splits = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        splits.add(Serializer.read(in));
      }
      return splits;
    }
  }
}
