package dev.floe.iceberg.job.config;

import static dev.floe.iceberg.job.config.JobConfigParserTest.MINIMAL;
import static dev.floe.iceberg.job.config.JobConfigParserTest.SEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Every error a user can make in the YAML, with the exact message: the file, the 1-based line and
 * column, the key path, what was expected and found, and what to do.
 */
class JobConfigParserErrorTest {

  private static final String SOURCE = "job.yaml";

  private static String at(int line, int column) {
    return String.format(
        "Invalid job configuration in %s at line %d, column %d: ", SOURCE, line, column);
  }

  private static void assertInvalid(String yaml, String message) {
    assertThatThrownBy(() -> JobConfigParser.parse(yaml, SOURCE))
        .isInstanceOf(JobConfigException.class)
        .hasMessage(message);
  }

  private static String seedWith(String text, String replacement) {
    assertThat(SEED).contains(text);
    return SEED.replace(text, replacement);
  }

  // ---- malformed YAML

  @Test
  void malformedYamlNamesLineColumnAndTheParsersProblem() {
    assertInvalid(
        seedWith("max_records: 1000", "max_records: 1000: 2"),
        at(10, 22)
            + "the text is not valid YAML: mapping values are not allowed here. Fix the syntax"
            + " there: indent with spaces, not tabs; keep the keys of one mapping at the same"
            + " indentation; quote values that contain ': ' or ' #'.");
  }

  @Test
  void malformedYamlWithContextNamesWhereTheEnclosingBlockStarts() {
    assertInvalid(
        seedWith("    max_records: 1000", "   max_records: 1000"),
        at(10, 4)
            + "the text is not valid YAML: expected <block end>, but found '<block mapping"
            + " start>' (while parsing a block mapping that starts at line 2, column 3). Fix the"
            + " syntax there: indent with spaces, not tabs; keep the keys of one mapping at the"
            + " same indentation; quote values that contain ': ' or ' #'.");
  }

  @Test
  void tabsAreMalformedYaml() {
    assertInvalid(
        seedWith("  region: eu-central-1", "  region: eu-central-1\n\tmode: batch"),
        at(3, 1)
            + "the text is not valid YAML: found character '\\t(TAB)' that cannot start any"
            + " token. (Do not use \\t(TAB) for indentation). Fix the syntax there: indent with"
            + " spaces, not tabs; keep the keys of one mapping at the same indentation; quote"
            + " values that contain ': ' or ' #'.");
  }

  @Test
  void aSecondDocumentIsRejected() {
    assertInvalid(
        SEED + "---\nconnector: {}\n",
        at(22, 1)
            + "the text holds a second YAML document, but a job configuration is one document."
            + " Remove the '---' line and what follows it, or move it to its own file.");
  }

  @Test
  void aKeyGivenTwiceIsRejected() {
    assertInvalid(
        seedWith("    max_records: 1000\n", "    max_records: 1000\n    max_records: 5\n"),
        at(11, 5)
            + "connector.source.max_records is given twice (first at line 10, column 5). Keep"
            + " one of them.");
  }

  @Test
  void aliasesAreRejected() {
    assertInvalid(
        seedWith(
            "    database: target_db\n    table: target_table",
            "    database: &db t\n    table: *db"),
        at(13, 12)
            + "connector.target.table is the YAML alias *db, which the job configuration does not"
            + " support. Write the value out in full.");
  }

  // ---- unknown keys

  @Test
  void anUnknownKeyListsTheValidKeysOfItsSection() {
    assertInvalid(
        seedWith("    tables:", "    tabels:"),
        at(4, 5)
            + "connector.source.tabels is not a known key. Valid keys under connector.source:"
            + " dynamodb, max_records, tables, time_filter_hours, type. Keys are case-sensitive;"
            + " check the spelling, or remove the key.");
  }

  @Test
  void keysAreCaseSensitive() {
    assertInvalid(
        seedWith("connector:", "Connector:"),
        at(1, 1)
            + "Connector is not a known key. Valid keys at the top level: connector. Keys are"
            + " case-sensitive; check the spelling, or remove the key.");
  }

  @Test
  void anUnknownKeyInATableEntryNamesTheEntry() {
    assertInvalid(
        seedWith("        index_field: id", "        index: id"),
        at(7, 9)
            + "connector.source.tables[0].index is not a known key. Valid keys under"
            + " connector.source.tables[0]: database, datetime_field, index_field, table, type."
            + " Keys are case-sensitive; check the spelling, or remove the key.");
  }

  @Test
  void anUnknownKeyInTheConnectorSection() {
    assertInvalid(
        seedWith("  region: eu-central-1", "  aws_region: eu-central-1"),
        at(2, 3)
            + "connector.aws_region is not a known key. Valid keys under connector: catalog,"
            + " mode, region, source, streaming, target. Keys are case-sensitive; check the"
            + " spelling, or remove the key.");
  }

  @Test
  void anUnknownKeyInTheCatalogSection() {
    assertInvalid(
        seedWith("connector:\n", "connector:\n  catalog:\n    kind: glue\n"),
        at(3, 5)
            + "connector.catalog.kind is not a known key. Valid keys under connector.catalog:"
            + " name, properties, type, uri, warehouse. Keys are case-sensitive; check the"
            + " spelling, or remove the key.");
  }

  @Test
  void anUnknownKeyInTheTargetSection() {
    assertInvalid(
        seedWith("    partition_by:", "    partitioned_by:"),
        at(17, 5)
            + "connector.target.partitioned_by is not a known key. Valid keys under"
            + " connector.target: database, datetime_field, index_field, location, partition_by,"
            + " table, write_mode. Keys are case-sensitive; check the spelling, or remove the"
            + " key.");
  }

  @Test
  void anUnknownKeyInTheStreamingAndDynamoDbSections() {
    assertInvalid(
        seedWith(
            "  region: eu-central-1\n", "  region: eu-central-1\n  streaming:\n    interval: 1s\n"),
        at(4, 5)
            + "connector.streaming.interval is not a known key. Valid keys under"
            + " connector.streaming: checkpoint_interval, poll_interval. Keys are case-sensitive;"
            + " check the"
            + " spelling, or remove the key.");
    assertInvalid(
        seedWith(
            "    max_records: 1000\n", "    max_records: 1000\n    dynamodb:\n      endpoint: x\n"),
        at(12, 7)
            + "connector.source.dynamodb.endpoint is not a known key. Valid keys under"
            + " connector.source.dynamodb: datetime_encoding, endpoint_url, segments. Keys are case-sensitive; check"
            + " the spelling, or remove the key.");
  }

  // ---- missing keys

  @Test
  void anEmptyDocumentHasNoConnector() {
    String message =
        "Invalid job configuration in job.yaml: connector is missing: the document is empty."
            + " Start it with a connector: section; see docs/incremental-job.md.";
    assertInvalid("", message);
    assertInvalid("# nothing yet\n", message);
  }

  @Test
  void aConnectorWithoutValueIsMissing() {
    assertInvalid(
        "connector:\n",
        at(1, 1)
            + "connector is missing. Start the document with a connector: section; see"
            + " docs/incremental-job.md.");
  }

  @Test
  void theDocumentMustBeAMapping() {
    assertInvalid(
        "- connector\n",
        at(1, 1)
            + "the document must be a mapping with a connector: section, but is a list. Start it"
            + " with connector: and indent the job's settings under it.");
  }

  @Test
  void aMissingTableKeyPointsAtItsEntry() {
    assertInvalid(
        seedWith("        index_field: id\n", ""),
        at(5, 9)
            + "connector.source.tables[0].index_field is missing. Add index_field: the column that"
            + " identifies a record, e.g. id.");
    assertInvalid(
        seedWith("        datetime_field: updated_at\n", ""),
        at(5, 9)
            + "connector.source.tables[0].datetime_field is missing. Add datetime_field: the"
            + " column that orders versions of a record, e.g. updated_at.");
    assertInvalid(
        seedWith("        table: source_table\n", ""),
        at(5, 9)
            + "connector.source.tables[0].table is missing. Add table: the name of the Iceberg"
            + " table to read.");
  }

  @Test
  void anIcebergSourceTableNeedsItsDatabase() {
    assertInvalid(
        seedWith("      - database: source_db\n        table:", "      - table:"),
        at(5, 9)
            + "connector.source.tables[0].database is missing. An iceberg source table needs the"
            + " namespace that holds it: add database: <namespace>, or add type: dynamodb if table"
            + " names a DynamoDB table.");
  }

  @Test
  void anEmptyValueIsNamed() {
    assertInvalid(
        seedWith("    table: target_table", "    table: ''"),
        at(13, 5)
            + "connector.target.table is empty. Set it to the name of the Iceberg table to"
            + " write.");
  }

  @Test
  void missingTablesPointAtTheSourceSection() {
    String yaml =
        seedWith(
            """
                tables:
                  - database: source_db
                    table: source_table
                    index_field: id
                    datetime_field: updated_at
            """,
            "");
    assertInvalid(
        yaml,
        at(3, 3)
            + "connector.source.tables is missing. Add tables: a list with at least one source"
            + " table, each with database, table, index_field and datetime_field.");
  }

  @Test
  void anEmptyTableListIsRejected() {
    String yaml =
        MINIMAL.replace(
            """
                tables:
                  - database: source_db
                    table: source_table
                    index_field: id
                    datetime_field: updated_at
            """,
            "    tables: []\n");
    assertInvalid(
        yaml,
        at(3, 5)
            + "connector.source.tables is empty. List at least one source table, each with"
            + " database, table, index_field and datetime_field.");
  }

  @Test
  void missingSectionsPointAtTheConnector() {
    assertInvalid(
        SEED.substring(0, SEED.indexOf("  target:")),
        at(1, 1)
            + "connector.target is missing. Add target: with the database, table, index_field and"
            + " datetime_field of the Iceberg table to write.");
    assertInvalid(
        "connector:\n  region: eu-central-1\n",
        at(1, 1)
            + "connector.source is missing. Add source: with tables: a list of the tables to"
            + " read.");
  }

  @Test
  void aMissingTargetKeyPointsAtTheTargetSection() {
    assertInvalid(
        seedWith(
            "    index_field: id\n    datetime_field: processed_at\n", "    index_field: id\n"),
        at(11, 3)
            + "connector.target.datetime_field is missing. Add datetime_field: the target's"
            + " timestamp column, e.g. processed_at.");
    assertInvalid(
        seedWith("    database: target_db\n", ""),
        at(11, 3)
            + "connector.target.database is missing. Add database: the Iceberg namespace of the"
            + " target table.");
  }

  // ---- wrong types

  @Test
  void aQuotedNumberIsAString() {
    assertInvalid(
        seedWith("max_records: 1000", "max_records: \"1000\""),
        at(10, 18)
            + "connector.source.max_records must be a whole number, but is the string \"1000\"."
            + " Write digits only, without quotes or a unit.");
  }

  @Test
  void aNumberWithAUnitIsAString() {
    assertInvalid(
        seedWith("time_filter_hours: 24", "time_filter_hours: 24h"),
        at(9, 24)
            + "connector.source.time_filter_hours must be a whole number, but is the string"
            + " \"24h\". Write digits only, without quotes or a unit.");
  }

  @Test
  void aDecimalIsNotAWholeNumber() {
    assertInvalid(
        seedWith("time_filter_hours: 24", "time_filter_hours: 1.5"),
        at(9, 24)
            + "connector.source.time_filter_hours must be a whole number, but is the number 1.5."
            + " Write digits only, without quotes or a unit.");
  }

  @Test
  void aMappingWhereAListIsExpected() {
    assertInvalid(
        seedWith(
            "      - database: source_db\n        table: source_table\n        index_field: id\n        datetime_field: updated_at\n",
            "      database: source_db\n      table: source_table\n"),
        at(5, 7)
            + "connector.source.tables must be a list, but is a mapping. Write one item per line,"
            + " each starting with '- '.");
  }

  @Test
  void aListWhereAMappingIsExpected() {
    assertInvalid(
        SEED.substring(0, SEED.indexOf("  target:")) + "  target: [target_db, target_table]\n",
        at(11, 11)
            + "connector.target must be a mapping, but is a list. Write its keys on the lines"
            + " below it, indented.");
  }

  @Test
  void aListWhereAValueIsExpected() {
    assertInvalid(
        seedWith("    table: target_table", "    table: [a, b]"),
        at(13, 12)
            + "connector.target.table must be a single value, but is a list. Write the value on"
            + " the same line as the key, after ': '.");
  }

  @Test
  void aListWhereAValueIsExpectedInATableEntry() {
    assertInvalid(
        seedWith("        index_field: id", "        index_field: [id, version]"),
        at(7, 22)
            + "connector.source.tables[0].index_field must be a single value, but is a list. Write"
            + " the value on the same line as the key, after ': '.");
  }

  @Test
  void aStringWhereAListIsExpected() {
    assertInvalid(
        seedWith(
            "    partition_by:\n      - year\n      - month\n      - day\n",
            "    partition_by: day\n"),
        at(17, 19)
            + "connector.target.partition_by must be a list, but is the string \"day\". Write one"
            + " item per line, each starting with '- '.");
  }

  @Test
  void aTableEntryMustBeAMapping() {
    assertInvalid(
        seedWith(
            "        datetime_field: updated_at\n",
            "        datetime_field: updated_at\n      - orders\n"),
        at(9, 9)
            + "connector.source.tables[1] must be a mapping, but is the string \"orders\". Write"
            + " its keys on the lines below it, indented.");
  }

  @Test
  void aCatalogPropertyMustBeASingleValue() {
    assertInvalid(
        seedWith(
            "connector:\n",
            "connector:\n  catalog:\n    properties:\n      s3:\n        endpoint: http://x\n"),
        at(5, 9)
            + "connector.catalog.properties.s3 must be a single value, but is a mapping. Write"
            + " the value on the same line as the key, after ': '.");
  }

  // ---- values out of range

  @Test
  void countsMustBePositive() {
    assertInvalid(
        seedWith("time_filter_hours: 24", "time_filter_hours: 0"),
        at(9, 5)
            + "connector.source.time_filter_hours must be greater than 0, but is 0. Set how many"
            + " hours back to read, or remove the key to read without a time filter.");
    assertInvalid(
        seedWith("max_records: 1000", "max_records: -1"),
        at(10, 5)
            + "connector.source.max_records must be greater than 0, but is -1. Set the most"
            + " records one run reads, or remove the key for no limit.");
  }

  @Test
  void numbersBeyondTheirTypeAreRejectedBeforeTheyWrap() {
    assertInvalid(
        seedWith("max_records: 1000", "max_records: 99999999999999999999"),
        at(10, 18)
            + "connector.source.max_records must be between 1 and 9223372036854775807, but is"
            + " 99999999999999999999. Write a number in that range.");
    assertInvalid(
        seedWith("time_filter_hours: 24", "time_filter_hours: 2147483648"),
        at(9, 24)
            + "connector.source.time_filter_hours must be between 1 and 2147483647, but is"
            + " 2147483648. Write a number in that range.");
  }

  @Test
  void scanSegmentsMustBeAtLeastOne() {
    assertInvalid(
        seedWith(
            "    max_records: 1000\n", "    max_records: 1000\n    dynamodb:\n      segments: 0\n"),
        at(12, 7)
            + "connector.source.dynamodb.segments must be between 1 and 1000000, but is 0. Set"
            + " the number of parallel scan segments per table, or remove the key to let the job"
            + " choose.");
  }

  @Test
  void theEndpointMustBeAnHttpUrl() {
    assertInvalid(
        seedWith(
            "    max_records: 1000\n",
            "    max_records: 1000\n    dynamodb:\n      endpoint_url: localhost:8000\n"),
        at(12, 7)
            + "connector.source.dynamodb.endpoint_url must be an http or https URL with a host,"
            + " such as http://localhost:8000, but is \"localhost:8000\". Write the full URL, or"
            + " remove the key to use the AWS endpoint of connector.region.");
    assertInvalid(
        seedWith(
            "    max_records: 1000\n",
            "    max_records: 1000\n    dynamodb:\n      endpoint_url: http://local host\n"),
        at(12, 7)
            + "connector.source.dynamodb.endpoint_url must be an http or https URL with a host,"
            + " such as http://localhost:8000, but is \"http://local host\". Write the full URL,"
            + " or remove the key to use the AWS endpoint of connector.region.");
  }

  @Test
  void theCheckpointIntervalIsADurationWithAUnit() {
    String streaming = "  region: eu-central-1\n  mode: streaming\n  streaming:\n";
    assertInvalid(
        seedWith("  region: eu-central-1\n", streaming + "    checkpoint_interval: 30\n"),
        at(5, 26)
            + "connector.streaming.checkpoint_interval must be a duration such as 30s, 5m or 1h,"
            + " but is the integer 30. Write a whole number followed by ms, s, m or h.");
    assertInvalid(
        seedWith("  region: eu-central-1\n", streaming + "    checkpoint_interval: 0s\n"),
        at(5, 5)
            + "connector.streaming.checkpoint_interval must be greater than 0, but is 0ms. Set a"
            + " duration such as 30s or 5m, or remove the key for 60s.");
  }

  @Test
  void thePollIntervalIsAPositiveDurationWithAUnit() {
    String streaming = "  region: eu-central-1\n  mode: streaming\n  streaming:\n";
    assertInvalid(
        seedWith("  region: eu-central-1\n", streaming + "    poll_interval: 10 seconds\n"),
        at(5, 20)
            + "connector.streaming.poll_interval must be a duration such as 30s, 5m or 1h, but is"
            + " the string \"10 seconds\". Write a whole number followed by ms, s, m or h.");
    assertInvalid(
        seedWith("  region: eu-central-1\n", streaming + "    poll_interval: 0ms\n"),
        at(5, 5)
            + "connector.streaming.poll_interval must be greater than 0, but is 0ms. Set a"
            + " duration such as 30s or 5m, or remove the key for 10s.");
  }

  @Test
  void aPartitionEntryMustNotBeEmpty() {
    assertInvalid(
        seedWith("      - month", "      - ''"),
        at(19, 9)
            + "connector.target.partition_by[1] is empty. Write a partition entry such as day,"
            + " day(updated_at) or bucket[16](id), or remove the list item.");
  }

  // ---- enumerations

  @Test
  void invalidEnumValuesListTheValidOnes() {
    assertInvalid(
        seedWith("connector:\n", "connector:\n  catalog:\n    type: hive\n"),
        at(3, 11)
            + "connector.catalog.type must be one of jdbc, glue, rest, hadoop, but is the string"
            + " \"hive\". Write one of these values.");
    assertInvalid(
        seedWith("    location: s3://bucket/path", "    write_mode: merge"),
        at(16, 17)
            + "connector.target.write_mode must be one of append, upsert, but is the string"
            + " \"merge\". Write one of these values.");
    assertInvalid(
        seedWith("  region: eu-central-1", "  region: eu-central-1\n  mode: 1"),
        at(3, 9)
            + "connector.mode must be one of batch, streaming, but is the integer 1. Write one of"
            + " these values.");
    assertInvalid(
        seedWith("      - database: source_db", "      - type: kafka\n        database: source_db"),
        at(5, 15)
            + "connector.source.tables[0].type must be one of iceberg, dynamodb, but is the string"
            + " \"kafka\". Write one of these values.");
  }

  // ---- rules across keys

  @Test
  void aSourceTableListedTwiceIsRejected() {
    String table =
        """
              - database: source_db
                table: source_table
                index_field: id
                datetime_field: updated_at
        """;
    assertInvalid(
        seedWith(table, table + table),
        at(9, 9)
            + "connector.source.tables[1] repeats the iceberg table source_db.source_table of"
            + " connector.source.tables[0]. List each source table once.");
  }

  @Test
  void theTargetIsNotOneOfTheSources() {
    assertInvalid(
        seedWith(
            "    database: target_db\n    table: target_table",
            "    database: source_db\n    table: source_table"),
        at(11, 3)
            + "connector.target names the Iceberg table source_db.source_table, which"
            + " connector.source.tables[0] reads. Write to a table the job does not read.");
  }

  @Test
  void aGlueCatalogNeedsARegion() {
    assertInvalid(
        MINIMAL.replace("connector:\n", "connector:\n  catalog:\n    type: glue\n"),
        at(1, 1)
            + "connector.region is missing. A glue catalog needs the AWS region of its Data"
            + " Catalog: add region: <region> under connector (e.g. region: eu-central-1), or set"
            + " client.region in connector.catalog.properties.");
  }

  @Test
  void aDynamoDbSourceNeedsARegion() {
    assertInvalid(
        MINIMAL.replace("      - database: source_db\n", "      - type: dynamodb\n"),
        at(1, 1)
            + "connector.region is missing. connector.source.tables[0] reads the DynamoDB table"
            + " source_table, which needs an AWS region: add region: <region> under connector"
            + " (DynamoDB Local accepts any, e.g. us-east-1).");
  }

  @Test
  void aRestCatalogNeedsAUri() {
    assertInvalid(
        seedWith("connector:\n", "connector:\n  catalog:\n    type: rest\n"),
        at(2, 3)
            + "connector.catalog.uri is missing. A rest catalog needs the URL of its server: add"
            + " uri: https://<host>/<path> under connector.catalog.");
  }

  @Test
  void aHadoopCatalogHasNoUri() {
    assertInvalid(
        seedWith("connector:\n", "connector:\n  catalog:\n    type: hadoop\n    uri: thrift://x\n"),
        at(4, 5)
            + "connector.catalog.uri is not used by a hadoop catalog, but is \"thrift://x\"."
            + " Remove it; a hadoop catalog keeps its metadata under the warehouse.");
  }

  @Test
  void propertiesDoNotRepeatTheSectionsKeys() {
    assertInvalid(
        seedWith(
            "connector:\n", "connector:\n  catalog:\n    properties:\n      warehouse: s3://b/w\n"),
        at(4, 7)
            + "connector.catalog.properties.warehouse repeats connector.catalog.warehouse. Set the"
            + " value there, and remove it from properties.");
    assertInvalid(
        seedWith(
            "connector:\n",
            "connector:\n  catalog:\n    properties:\n      catalog-impl: org.example.Catalog\n"),
        at(4, 7)
            + "connector.catalog.properties.catalog-impl would override connector.catalog.type."
            + " Remove it, and choose the catalog with connector.catalog.type: jdbc, glue, rest or"
            + " hadoop.");
  }

  @Test
  void theExceptionKeepsItsParts() {
    JobConfigException e =
        catchThrowableOfType(
            JobConfigException.class,
            () -> JobConfigParser.parse(seedWith("max_records: 1000", "max_records: 0"), SOURCE));

    assertThat(e.sourceName()).isEqualTo(SOURCE);
    assertThat(e.line()).isEqualTo(10);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.keyPath()).isEqualTo("connector.source.max_records");
    assertThat(e.problem())
        .isEqualTo(
            "must be greater than 0, but is 0. Set the most records one run reads, or remove the"
                + " key for no limit.");
  }

  @Test
  void withoutASourceNameTheMessageStartsWithThePosition() {
    assertThatThrownBy(() -> JobConfigParser.parse("connector: 1\n", null))
        .hasMessage(
            "Invalid job configuration at line 1, column 12: connector must be a mapping, but is"
                + " the integer 1. Write its keys on the lines below it, indented.");
  }
}
