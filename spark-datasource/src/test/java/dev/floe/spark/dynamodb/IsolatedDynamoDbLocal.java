package dev.floe.spark.dynamodb;

import dev.floe.testing.IsolatedDynamoDbLocalServer;
import java.net.URI;

/**
 * The DynamoDB Local of these tests: one per JVM, in a class loader of its own ({@link
 * IsolatedDynamoDbLocalServer}), because Spark's SQL parser and DynamoDB Local's expression parsers
 * need different ANTLR runtimes. Maven copies DynamoDB Local's runtime into target/dynamodb-local
 * and names it in the system property {@value IsolatedDynamoDbLocalServer#ANTLR_PROPERTY}.
 */
public final class IsolatedDynamoDbLocal {
  private static IsolatedDynamoDbLocalServer server;

  private IsolatedDynamoDbLocal() {}

  /** The endpoint of the server, started on first use and left running until the JVM exits. */
  public static synchronized URI endpoint() {
    if (server == null) {
      server = IsolatedDynamoDbLocalServer.startWithAntlrFromSystemProperty();
    }
    return server.endpoint();
  }
}
