package dev.floe.benchmarks;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * Iceberg's {@link HadoopFileIO} that counts the bytes read from files under one location (a
 * table's), set with {@link #countUnder}. A catalog uses it through its {@code io-impl} property;
 * tables serialized into Flink tasks carry it along, and since the MiniCluster runs in this JVM
 * every task adds to the same static counter.
 *
 * <p>It counts the bytes the readers take from the streams, not what the file system reads ahead.
 * Its streams do not expose the Hadoop stream underneath, so Parquet reads through them (and is
 * counted) instead of reaching around them.
 */
public class CountingFileIO extends HadoopFileIO {
  private static final long serialVersionUID = 1L;

  private static final AtomicReference<String> COUNTED_LOCATION = new AtomicReference<>();
  private static final AtomicLong BYTES_READ = new AtomicLong();

  /** For {@code io-impl}: Iceberg creates it by its name and configures it. */
  public CountingFileIO() {}

  /** Counts reads of files whose location starts with {@code location} from now on, from zero. */
  static void countUnder(String location) {
    String path = pathOf(location);
    COUNTED_LOCATION.set(path.endsWith("/") ? path : path + "/");
    BYTES_READ.set(0);
  }

  /** A location without its scheme: Iceberg writes {@code file:///x} and {@code file:/x} alike. */
  private static String pathOf(String location) {
    return new Path(location).toUri().getPath();
  }

  /** Stops counting; {@link #bytesRead} keeps its value. */
  static void stopCounting() {
    COUNTED_LOCATION.set(null);
  }

  /** Bytes read from the counted location since {@link #countUnder}. */
  static long bytesRead() {
    return BYTES_READ.get();
  }

  @Override
  public InputFile newInputFile(String path) {
    return counted(super.newInputFile(path));
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return counted(super.newInputFile(path, length));
  }

  private static InputFile counted(InputFile file) {
    String location = COUNTED_LOCATION.get();
    return location != null && pathOf(file.location()).startsWith(location)
        ? new CountedInputFile(file)
        : file;
  }

  private static final class CountedInputFile implements InputFile {
    private final InputFile file;

    CountedInputFile(InputFile file) {
      this.file = file;
    }

    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return new CountedStream(file.newStream());
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }

  private static final class CountedStream extends SeekableInputStream {
    private final SeekableInputStream stream;

    CountedStream(SeekableInputStream stream) {
      this.stream = stream;
    }

    @Override
    public long getPos() throws IOException {
      return stream.getPos();
    }

    @Override
    public void seek(long newPos) throws IOException {
      stream.seek(newPos);
    }

    @Override
    public int read() throws IOException {
      int b = stream.read();
      if (b >= 0) {
        BYTES_READ.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = stream.read(b, off, len);
      if (n > 0) {
        BYTES_READ.addAndGet(n);
      }
      return n;
    }

    /** The stream underneath skips (a seek): nothing is read, so nothing is counted. */
    @Override
    public long skip(long n) throws IOException {
      return stream.skip(n);
    }

    @Override
    public int available() throws IOException {
      return stream.available();
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }
}
