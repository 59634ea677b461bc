package dev.floe.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-process DynamoDB Local server, in memory, on a free port. Closing it stops the server.
 *
 * <p>{@code -sharedDb} makes every client see the same tables whatever its credentials and region
 * (without it DynamoDB Local keeps one database per access key and region, and a client configured
 * slightly differently would silently see an empty database). {@code -disableTelemetry} keeps it
 * fast and stops it from writing a metadata file into the working directory.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

  private static final int BIND_ATTEMPTS = 5;

  private final DynamoDBProxyServer server;
  private final URI endpoint;

  private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts a server and makes one call, so the first test does not pay the warm-up. */
  public static DynamoDbLocalServer start() {
    Exception lastFailure = null;
    // DynamoDB Local refuses "-port 0": the port is picked first and may be taken by another
    // process in between, so binding is retried on a fresh port.
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      int port = FreePorts.pick();
      DynamoDBProxyServer server = null;
      try {
        server = ServerRunner.createServerFromCommandLineArgs(arguments(port));
        server.start();
      } catch (Exception e) {
        lastFailure = e;
        stopQuietly(server, e);
        continue;
      }
      DynamoDbLocalServer started = new DynamoDbLocalServer(server, port);
      started.warmUp();
      return started;
    }
    throw new IllegalStateException(
        "Cannot start DynamoDB Local after " + BIND_ATTEMPTS + " attempts", lastFailure);
  }

  private static void stopQuietly(DynamoDBProxyServer server, Exception startFailure) {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      startFailure.addSuppressed(e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  private void warmUp() {
    warmUp(endpoint);
  }

  /**
   * The command line of an in-memory server on {@code port}, shared by all tables of the JVM;
   * telemetry off, as it slows the server down and writes a file into the working directory.
   */
  static String[] arguments(int port) {
    return new String[] {
      "-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)
    };
  }

  /** Makes one call, so the first user of a new server does not pay its warm-up. */
  static void warmUp(URI endpoint) {
    try (DynamoDbClient client = LocalAwsClients.dynamoDb(endpoint).build()) {
      client.listTables();
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping DynamoDB Local", e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop DynamoDB Local", e);
    }
  }
}
