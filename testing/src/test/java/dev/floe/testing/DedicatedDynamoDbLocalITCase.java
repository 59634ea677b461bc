package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DedicatedDynamoDbLocalITCase {

  @RegisterExtension static final DynamoDbLocalExtension SHARED = new DynamoDbLocalExtension();

  @RegisterExtension
  static final DynamoDbLocalExtension DEDICATED = DynamoDbLocalExtension.withDedicatedServer();

  @Test
  void dedicatedServerIsSeparateAndDeleteAllTablesEmptiesIt() {
    String sharedTable = SHARED.uniqueTableName("kept");
    SHARED.table(sharedTable).hashKey("id", ScalarAttributeType.S).create();
    DEDICATED.table("first").hashKey("id", ScalarAttributeType.S).create();
    DEDICATED.table("second").hashKey("id", ScalarAttributeType.N).create();

    assertThat(DEDICATED.endpoint()).isNotEqualTo(SHARED.endpoint());
    assertThat(DEDICATED.client().listTables().tableNames()).containsExactly("first", "second");

    DEDICATED.deleteAllTables();

    assertThat(DEDICATED.client().listTables().tableNames()).isEmpty();
    assertThat(SHARED.client().listTables().tableNames()).contains(sharedTable);
  }
}
