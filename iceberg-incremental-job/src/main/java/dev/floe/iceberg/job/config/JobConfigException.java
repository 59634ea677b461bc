package dev.floe.iceberg.job.config;

/**
 * A job configuration that cannot be read or is not valid. The message names the file and, when
 * known, the line and column, then the key path at fault ({@code
 * connector.source.tables[0].index_field}), what was expected, what was found and what to do.
 *
 * <p>The parts are kept apart so that the parser can add the file and position to an error raised
 * by a model class that only knows the key path.
 */
public final class JobConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final int line;
  private final int column;
  private final String keyPath;
  private final String problem;

  /**
   * @param keyPath the key at fault, e.g. {@code connector.target.table}; null when the problem is
   *     not about one key (malformed YAML, an unreadable file)
   * @param problem what is wrong and what to do, written to follow the key path: {@code "is
   *     missing. Add ..."}
   */
  public JobConfigException(String keyPath, String problem) {
    this(null, 0, 0, keyPath, problem, null);
  }

  JobConfigException(
      String sourceName, int line, int column, String keyPath, String problem, Throwable cause) {
    super(format(sourceName, line, column, keyPath, problem), cause);
    this.sourceName = sourceName;
    this.line = line;
    this.column = column;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  static JobConfigException at(YamlNode.Position position, String keyPath, String problem) {
    return new JobConfigException(null, position.line(), position.column(), keyPath, problem, null);
  }

  /** Throws "is missing" for null and "is empty" for blank text; returns the text otherwise. */
  static String requireText(String value, String keyPath, String key, String meaning) {
    if (value == null) {
      throw new JobConfigException(keyPath, "is missing. Add " + key + ": " + meaning + ".");
    }
    if (value.isBlank()) {
      throw new JobConfigException(keyPath, "is empty. Set it to " + meaning + ".");
    }
    return value;
  }

  /** Rejects blank text where a key is optional but, when given, must say something. */
  static String optionalText(String value, String keyPath, String meaning) {
    if (value != null && value.isBlank()) {
      throw new JobConfigException(
          keyPath, "is empty. Set it to " + meaning + ", or remove the key.");
    }
    return value;
  }

  /** The same error with its key path under {@code parentPath}, for a model class nested in it. */
  JobConfigException under(String parentPath) {
    String path = keyPath == null ? parentPath : parentPath + "." + keyPath;
    return new JobConfigException(sourceName, line, column, path, problem, getCause());
  }

  /**
   * The same error naming the file and, unless it already has one, the given position. {@code
   * position} may be null.
   */
  JobConfigException in(String source, YamlNode.Position position) {
    boolean keep = line > 0 || position == null;
    return new JobConfigException(
        source,
        keep ? line : position.line(),
        keep ? column : position.column(),
        keyPath,
        problem,
        getCause());
  }

  private static String format(
      String sourceName, int line, int column, String keyPath, String problem) {
    StringBuilder message = new StringBuilder("Invalid job configuration");
    if (sourceName != null) {
      message.append(" in ").append(sourceName);
    }
    if (line > 0) {
      message.append(" at line ").append(line).append(", column ").append(column);
    }
    message.append(": ");
    if (keyPath != null) {
      message.append(keyPath).append(' ');
    }
    return message.append(problem).toString();
  }

  /** The file or source name given to the parser; null for a configuration built in code. */
  public String sourceName() {
    return sourceName;
  }

  /** The 1-based line the error points at; 0 when unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column the error points at; 0 when unknown. */
  public int column() {
    return column;
  }

  /** The key at fault, e.g. {@code connector.source.tables[0].index_field}; null when none. */
  public String keyPath() {
    return keyPath;
  }

  /** The message without the source, position and key path. */
  public String problem() {
    return problem;
  }
}
