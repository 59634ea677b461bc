package dev.floe.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * JUnit 5 extension giving tests a real DynamoDB Local with ready clients and table helpers.
 *
 * <pre>{@code
 * @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();
 *
 * @Test void writes() {
 *   String table = DYNAMO.uniqueTableName("orders");
 *   DYNAMO.table(table).hashKey("pk", ScalarAttributeType.S).create();
 *   DYNAMO.client().putItem(r -> r.tableName(table).item(item));
 * }
 * }</pre>
 *
 * <p>By default one in-memory DynamoDB Local is started per JVM, on a free port, and shared by
 * every test class (it costs seconds to start and warm up); it stops when the test run ends. Test
 * classes isolate themselves with {@link #uniqueTableName(String)}. {@link #withDedicatedServer()}
 * gives a class its own server; {@link #forEndpoint(URI)} or the system property {@value
 * #ENDPOINT_PROPERTY} use one that already runs (e.g. {@code docker run -p 8000:8000
 * amazon/dynamodb-local -jar DynamoDBLocal.jar -inMemory -sharedDb}).
 *
 * <p>Clients are created per test class (in {@code beforeAll}; in {@code beforeEach} when the
 * extension is registered on an instance field) and closed after it. Test methods and lifecycle
 * methods may also declare parameters of type {@link DynamoDbClient}, {@link DynamoDbAsyncClient},
 * {@link DynamoDbStreamsClient} or {@link DynamoDbLocalExtension}, e.g. with {@code
 * ExtendWith(DynamoDbLocalExtension.class)}; a class that registers two of these extensions cannot
 * use such parameters, as JUnit refuses two resolvers for one type.
 */
public final class DynamoDbLocalExtension extends SessionExtension<DynamoDbLocalExtension.Session>
    implements ParameterResolver {

  /** System property with the endpoint of an already running DynamoDB Local to use instead. */
  public static final String ENDPOINT_PROPERTY = "floe.dynamodb.endpoint";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DynamoDbLocalExtension.class);
  private static final Set<Class<?>> RESOLVABLE_TYPES =
      Set.of(
          DynamoDbClient.class,
          DynamoDbAsyncClient.class,
          DynamoDbStreamsClient.class,
          DynamoDbLocalExtension.class);
  private static final AtomicLong TABLE_COUNTER = new AtomicLong();

  private enum ServerMode {
    SHARED,
    DEDICATED,
    EXTERNAL
  }

  private final ServerMode mode;
  private final URI externalEndpoint;

  /** Uses the DynamoDB Local shared by the whole JVM (or {@value #ENDPOINT_PROPERTY} if set). */
  public DynamoDbLocalExtension() {
    this(ServerMode.SHARED, null);
  }

  private DynamoDbLocalExtension(ServerMode mode, URI externalEndpoint) {
    this.mode = mode;
    this.externalEndpoint = externalEndpoint;
  }

  /** Starts a DynamoDB Local for this test class alone and stops it after the class. */
  public static DynamoDbLocalExtension withDedicatedServer() {
    return new DynamoDbLocalExtension(ServerMode.DEDICATED, null);
  }

  /** Uses a DynamoDB Local (or compatible) that already listens at {@code endpoint}. */
  public static DynamoDbLocalExtension forEndpoint(URI endpoint) {
    return new DynamoDbLocalExtension(
        ServerMode.EXTERNAL, Objects.requireNonNull(endpoint, "endpoint"));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVABLE_TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == DynamoDbLocalExtension.class) {
      return this;
    }
    if (type == DynamoDbClient.class) {
      return client();
    }
    if (type == DynamoDbAsyncClient.class) {
      return asyncClient();
    }
    return streamsClient();
  }

  /** Endpoint of DynamoDB Local, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return session().endpoint;
  }

  /** A sync client (Apache 5 HTTP client) for DynamoDB Local; closed by the extension. */
  public DynamoDbClient client() {
    return session().client;
  }

  /** An async client (Netty HTTP client) for DynamoDB Local; closed by the extension. */
  public DynamoDbAsyncClient asyncClient() {
    return session().asyncClient;
  }

  /** A DynamoDB Streams client for DynamoDB Local; closed by the extension. */
  public DynamoDbStreamsClient streamsClient() {
    return session().streamsClient;
  }

  /**
   * A table name no other test in this run uses, e.g. {@code orders_7_3f9a12c4}: the server is
   * shared, so tests isolate themselves by name rather than by deleting everything.
   */
  public String uniqueTableName(String prefix) {
    return prefix
        + "_"
        + TABLE_COUNTER.incrementAndGet()
        + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE));
  }

  /** Starts the definition of a table; {@link TableBuilder#create()} creates it. */
  public TableBuilder table(String tableName) {
    return new TableBuilder(client(), tableName);
  }

  /**
   * Writes every item with BatchWriteItem (25 per call, several calls in flight), resubmitting
   * UnprocessedItems until none are left. Items within each run of 25 must have distinct keys.
   */
  public void putItems(String tableName, List<Map<String, AttributeValue>> items) {
    new BatchLoader(asyncClient()).putItems(tableName, items);
  }

  /** Every item of the table, read with a consistent, paginated Scan. */
  public List<Map<String, AttributeValue>> scanAll(String tableName) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    client()
        .scanPaginator(r -> r.tableName(tableName).consistentRead(true))
        .items()
        .forEach(items::add);
    return items;
  }

  /**
   * The number of items in the table, counted with a consistent Scan (not the table's estimate).
   */
  public long count(String tableName) {
    return client()
        .scanPaginator(r -> r.tableName(tableName).consistentRead(true).select(Select.COUNT))
        .stream()
        .mapToLong(page -> page.count())
        .sum();
  }

  /** Deletes the table if it exists. */
  public void deleteTable(String tableName) {
    try {
      client().deleteTable(r -> r.tableName(tableName));
    } catch (ResourceNotFoundException e) {
      return;
    }
    client().waiter().waitUntilTableNotExists(r -> r.tableName(tableName));
  }

  /**
   * Deletes every table on the server. With the shared server this also removes tables of other
   * test classes of this JVM; prefer {@link #uniqueTableName(String)} unless the class runs with
   * {@link #withDedicatedServer()}.
   */
  public void deleteAllTables() {
    List<String> tableNames = new ArrayList<>();
    client().listTablesPaginator().tableNames().forEach(tableNames::add);
    tableNames.forEach(this::deleteTable);
  }

  @Override
  protected Session openSession(ExtensionContext context) {
    return new Session(serverFor(context));
  }

  private ServerHandle serverFor(ExtensionContext context) {
    switch (mode) {
      case EXTERNAL:
        return new ServerHandle(externalEndpoint, null);
      case DEDICATED:
        DynamoDbLocalServer dedicated = DynamoDbLocalServer.start();
        return new ServerHandle(dedicated.endpoint(), dedicated);
      case SHARED:
      default:
        String property = System.getProperty(ENDPOINT_PROPERTY);
        if (property != null && !property.isBlank()) {
          return new ServerHandle(URI.create(property.trim()), null);
        }
        // The root store lives as long as the test run and closes the server at its end.
        DynamoDbLocalServer shared =
            context
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                    DynamoDbLocalServer.class,
                    key -> DynamoDbLocalServer.start(),
                    DynamoDbLocalServer.class);
        return new ServerHandle(shared.endpoint(), null);
    }
  }

  /** An endpoint, and the server to stop with the session when the session owns it. */
  private record ServerHandle(URI endpoint, DynamoDbLocalServer ownedServer) {}

  /**
   * The clients of one test class (or method), closed together. Not private, as the superclass
   * names it as its type argument.
   */
  static final class Session implements SessionExtension.Session {
    final URI endpoint;
    final DynamoDbClient client;
    final DynamoDbAsyncClient asyncClient;
    final DynamoDbStreamsClient streamsClient;
    private final DynamoDbLocalServer ownedServer;

    Session(ServerHandle server) {
      this.endpoint = server.endpoint();
      this.ownedServer = server.ownedServer();
      this.client = LocalAwsClients.dynamoDb(endpoint).build();
      this.asyncClient = LocalAwsClients.dynamoDbAsync(endpoint).build();
      this.streamsClient = LocalAwsClients.dynamoDbStreams(endpoint).build();
    }

    @Override
    public void close() {
      // Each one is closed even if closing an earlier one fails.
      try {
        client.close();
      } finally {
        try {
          asyncClient.close();
        } finally {
          try {
            streamsClient.close();
          } finally {
            if (ownedServer != null) {
              ownedServer.close();
            }
          }
        }
      }
    }
  }
}
