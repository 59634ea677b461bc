package dev.floe.testing;

import static dev.floe.testing.DynamoDbLocalExtensionITCase.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbLocalExtensionLifecycleITCase {

  @RegisterExtension static final DynamoDbLocalExtension SHARED = new DynamoDbLocalExtension();

  // Instance fields are initialized after the static extension's beforeAll, so its endpoint is
  // known.
  @RegisterExtension
  final DynamoDbLocalExtension perTest = DynamoDbLocalExtension.forEndpoint(SHARED.endpoint());

  private static String table;

  @BeforeAll
  static void createTable() {
    table = SHARED.uniqueTableName("lifecycle");
    SHARED.table(table).hashKey("id", ScalarAttributeType.S).create();
    SHARED.client().putItem(r -> r.tableName(table).item(Map.of("id", s("seen"))));
  }

  @Test
  void instanceFieldExtensionUsesTheGivenEndpointWithItsOwnClients() {
    assertThat(perTest.endpoint()).isEqualTo(SHARED.endpoint());
    assertThat(perTest.client()).isNotSameAs(SHARED.client());
    assertThat(perTest.scanAll(table)).containsExactly(Map.of("id", s("seen")));
  }

  @Test
  void anUnstartedExtensionSaysHowToRegisterIt() {
    assertThatThrownBy(() -> new DynamoDbLocalExtension().client())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
  }

  /** Whichever nested class runs second proves the first one's afterAll left the clients open. */
  @Nested
  class FirstNested {
    @Test
    void outerClientsWork() {
      assertThat(SHARED.scanAll(table)).hasSize(1);
    }
  }

  @Nested
  class SecondNested {
    @Test
    void outerClientsWork() {
      assertThat(SHARED.scanAll(table)).hasSize(1);
    }
  }
}
