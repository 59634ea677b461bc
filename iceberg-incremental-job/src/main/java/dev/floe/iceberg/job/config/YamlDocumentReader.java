package dev.floe.iceberg.job.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into {@link YamlNode}s from Jackson's token stream, which knows where
 * every key and value starts. It also rejects what Jackson's tree would pass silently: a key given
 * twice (Jackson keeps the last) and a second document (Jackson reads only the first).
 */
final class YamlDocumentReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final YAMLParser parser;

  private YamlDocumentReader(YAMLParser parser) {
    this.parser = parser;
  }

  /**
   * Returns the document's root, or null when the document holds nothing but comments.
   *
   * @throws JobConfigException with the position, for malformed YAML, a repeated key or a second
   *     document; without the source name, which the caller adds
   */
  static YamlNode read(String yaml) {
    try (YAMLParser parser = FACTORY.createParser(yaml)) {
      YamlDocumentReader reader = new YamlDocumentReader(parser);
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      YamlNode root = reader.value(first, "");
      if (parser.nextToken() != null) {
        throw JobConfigException.at(
            reader.tokenPosition(),
            null,
            "the text holds a second YAML document, but a job configuration is one document. Remove the"
                + " '---' line and what follows it, or move it to its own file.");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      // Reading from a String: only a parser bug gets here.
      throw new UncheckedIOException(e);
    }
  }

  private YamlNode value(JsonToken token, String path) throws IOException {
    YamlNode.Position position = tokenPosition();
    switch (token) {
      case START_OBJECT:
        return mapping(position, path);
      case START_ARRAY:
        return sequence(position, path);
      case VALUE_NUMBER_INT:
        return new YamlNode.Scalar(
            position,
            YamlNode.ScalarKind.INTEGER,
            parser.getText(),
            false,
            parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return scalar(position, YamlNode.ScalarKind.DECIMAL);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return scalar(position, YamlNode.ScalarKind.BOOLEAN);
      case VALUE_NULL:
        return scalar(position, YamlNode.ScalarKind.NULL);
      default:
        // VALUE_STRING, and VALUE_EMBEDDED_OBJECT for !!binary, which no key expects.
        return scalar(position, YamlNode.ScalarKind.STRING);
    }
  }

  private YamlNode.Scalar scalar(YamlNode.Position position, YamlNode.ScalarKind kind)
      throws IOException {
    boolean alias = parser.isCurrentAlias();
    return new YamlNode.Scalar(
        position, alias ? YamlNode.ScalarKind.STRING : kind, parser.getText(), alias, null);
  }

  private YamlNode mapping(YamlNode.Position position, String path) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      String key = parser.currentName();
      YamlNode.Position keyPosition = tokenPosition();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      YamlNode value = value(parser.nextToken(), keyPath);
      YamlNode.Entry first = entries.putIfAbsent(key, new YamlNode.Entry(key, keyPosition, value));
      if (first != null) {
        throw JobConfigException.at(
            keyPosition,
            keyPath,
            String.format(
                "is given twice (first at line %d, column %d). Keep one of them.",
                first.keyPosition().line(), first.keyPosition().column()));
      }
    }
    return new YamlNode.Mapping(position, entries);
  }

  private YamlNode sequence(YamlNode.Position position, String path) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      items.add(value(token, path + "[" + items.size() + "]"));
    }
    return new YamlNode.Sequence(position, items);
  }

  private YamlNode.Position tokenPosition() {
    JsonLocation location = parser.currentTokenLocation();
    return new YamlNode.Position(location.getLineNr(), location.getColumnNr());
  }

  /**
   * SnakeYAML, under Jackson, knows the exact spot and a one-line problem; Jackson's own message
   * repeats the document around it over several lines, which reads badly inside ours.
   */
  private static JobConfigException malformed(JsonProcessingException e) {
    String problem;
    int line;
    int column;
    if (e.getCause() instanceof MarkedYAMLException cause && cause.getProblemMark() != null) {
      Mark mark = cause.getProblemMark();
      line = mark.getLine() + 1;
      column = mark.getColumn() + 1;
      problem = cause.getProblem();
      Mark contextMark = cause.getContextMark();
      if (cause.getContext() != null && contextMark != null) {
        problem +=
            String.format(
                " (%s that starts at line %d, column %d)",
                cause.getContext(), contextMark.getLine() + 1, contextMark.getColumn() + 1);
      }
    } else {
      JsonLocation location = e.getLocation();
      line = location == null ? 0 : location.getLineNr();
      column = location == null ? 0 : location.getColumnNr();
      problem = e.getOriginalMessage();
    }
    return new JobConfigException(
        null,
        Math.max(line, 0),
        Math.max(column, 0),
        null,
        "the text is not valid YAML: "
            + problem
            + ". Fix the syntax there: indent with spaces, not tabs; keep the keys of one mapping"
            + " at the same indentation; quote values that contain ': ' or ' #'.",
        e);
  }
}
