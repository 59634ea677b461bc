package dev.floe.iceberg.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every complete configuration in the documentation is one the parser accepts. */
class DocumentedExamplesTest {

  private static final Path DOCUMENT = Path.of("..", "docs", "incremental-job.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @Test
  void completeExamplesParse() throws IOException {
    List<String> examples = new ArrayList<>();
    Matcher block = YAML_BLOCK.matcher(Files.readString(DOCUMENT));
    while (block.find()) {
      // Blocks that start elsewhere are fragments of a configuration.
      if (block.group(1).startsWith("connector:")) {
        examples.add(block.group(1));
      }
    }

    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    assertThat(examples.get(0)).isEqualTo(JobConfigParserTest.SEED);
    for (String example : examples) {
      assertThatCode(() -> JobConfigParser.parse(example, DOCUMENT.toString()))
          .doesNotThrowAnyException();
    }
  }
}
