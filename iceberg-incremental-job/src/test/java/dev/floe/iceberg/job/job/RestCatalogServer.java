package dev.floe.iceberg.job.job;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.PropertyAccessor;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * An Iceberg REST catalog server in the test JVM, on a loopback port: the namespace and table
 * routes of the REST catalog protocol, answered by Iceberg's own server-side handlers ({@link
 * CatalogHandlers}) over a JDBC catalog on a SQLite file in a test directory.
 *
 * <p>Why not Iceberg's published test server: it needs Iceberg's core test classes, Jetty and an
 * unrelocated Jackson, whose Iceberg classes clash with the relocated ones of iceberg-flink-runtime
 * on one classpath. The wire format here is Iceberg's (its serializers, its handlers); only the
 * routing is this class's. Views, transactions and scan planning are not served, and the
 * configuration response says so by listing the routes that are.
 */
final class RestCatalogServer implements AutoCloseable {
  private static final String CONFIG_PATH = "v1/config";

  private static final ObjectMapper JSON = restMapper();

  /** None of these is a subclass of another, so the order of the checks does not matter. */
  private static final Map<Class<? extends RuntimeException>, Integer> STATUSES =
      Map.of(
          NoSuchNamespaceException.class, 404,
          NoSuchTableException.class, 404,
          AlreadyExistsException.class, 409,
          CommitFailedException.class, 409,
          NamespaceNotEmptyException.class, 409,
          ValidationException.class, 400,
          IllegalArgumentException.class, 400);

  /** What the client may call: advertised by {@code v1/config}, so it calls nothing else. */
  private static final List<Endpoint> SERVED =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REPORT_METRICS);

  private final HttpServer server;
  private final ExecutorService executor;
  private final JdbcCatalog catalog;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private RestCatalogServer(HttpServer server, ExecutorService executor, JdbcCatalog catalog) {
    this.server = server;
    this.executor = executor;
    this.catalog = catalog;
  }

  /** Starts a server whose catalog keeps {@code catalog.db} and the warehouse under {@code dir}. */
  static RestCatalogServer start(Path dir) throws IOException {
    Files.createDirectories(dir);
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        "rest-backend",
        Map.of(
            "uri",
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            "warehouse",
            dir.resolve("warehouse").toUri().toString(),
            "jdbc.schema-version",
            "V1"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    RestCatalogServer rest = new RestCatalogServer(server, executor, catalog);
    server.createContext("/", rest::serve);
    server.start();
    return rest;
  }

  /** The URL for {@code connector.catalog.uri}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The catalog behind the server, to check what the REST calls left in it. */
  Catalog backend() {
    return catalog;
  }

  /** Every request served so far, as {@code METHOD path}, e.g. {@code GET v1/config}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    executor.shutdownNow();
    catalog.close();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath().replaceFirst("^/+", "");
      requests.add(method + " " + path);
      int status;
      String body;
      try {
        Object response = route(method, path, exchange);
        status = response == null ? 204 : 200;
        body = response == null ? null : JSON.writeValueAsString(response);
      } catch (RuntimeException e) {
        status = statusOf(e);
        body =
            ErrorResponseParser.toJson(
                ErrorResponse.builder()
                    .responseCode(status)
                    .withType(e.getClass().getSimpleName())
                    .withMessage(e.getMessage())
                    .build());
      }
      if (body == null || "HEAD".equals(method)) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Answers one request; null for an answer without a body. */
  private Object route(String method, String path, HttpExchange exchange) throws IOException {
    if ("GET".equals(method) && CONFIG_PATH.equals(path)) {
      return ConfigResponse.builder().withEndpoints(SERVED).build();
    }
    for (Endpoint endpoint : SERVED) {
      Map<String, String> variables = match(endpoint, method, path);
      if (variables != null) {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = rawQuery == null ? Map.of() : RESTUtil.decodeFormData(rawQuery);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return handle(endpoint, variables, query, body);
      }
    }
    throw new IllegalArgumentException("No route for " + method + " " + path);
  }

  private Object handle(
      Endpoint endpoint, Map<String, String> variables, Map<String, String> query, String body)
      throws IOException {
    Namespace namespace =
        variables.containsKey("namespace")
            ? RESTUtil.decodeNamespace(variables.get("namespace"))
            : null;
    TableIdentifier table =
        variables.containsKey("table")
            ? TableIdentifier.of(namespace, RESTUtil.decodeString(variables.get("table")))
            : null;
    if (endpoint.equals(Endpoint.V1_LIST_NAMESPACES)) {
      Namespace parent =
          query.containsKey("parent")
              ? RESTUtil.namespaceFromQueryParam(query.get("parent"))
              : Namespace.empty();
      return CatalogHandlers.listNamespaces(catalog, parent);
    }
    if (endpoint.equals(Endpoint.V1_CREATE_NAMESPACE)) {
      return CatalogHandlers.createNamespace(
          catalog, JSON.readValue(body, CreateNamespaceRequest.class));
    }
    if (endpoint.equals(Endpoint.V1_LOAD_NAMESPACE)) {
      return CatalogHandlers.loadNamespace(catalog, namespace);
    }
    if (endpoint.equals(Endpoint.V1_NAMESPACE_EXISTS)) {
      CatalogHandlers.namespaceExists(catalog, namespace);
      return null;
    }
    if (endpoint.equals(Endpoint.V1_UPDATE_NAMESPACE)) {
      return CatalogHandlers.updateNamespaceProperties(
          catalog, namespace, JSON.readValue(body, UpdateNamespacePropertiesRequest.class));
    }
    if (endpoint.equals(Endpoint.V1_DELETE_NAMESPACE)) {
      CatalogHandlers.dropNamespace(catalog, namespace);
      return null;
    }
    if (endpoint.equals(Endpoint.V1_LIST_TABLES)) {
      return CatalogHandlers.listTables(catalog, namespace);
    }
    if (endpoint.equals(Endpoint.V1_CREATE_TABLE)) {
      CreateTableRequest request = JSON.readValue(body, CreateTableRequest.class);
      request.validate();
      return request.stageCreate()
          ? CatalogHandlers.stageTableCreate(catalog, namespace, request)
          : CatalogHandlers.createTable(catalog, namespace, request);
    }
    if (endpoint.equals(Endpoint.V1_LOAD_TABLE)) {
      return CatalogHandlers.loadTable(catalog, table);
    }
    if (endpoint.equals(Endpoint.V1_TABLE_EXISTS)) {
      CatalogHandlers.tableExists(catalog, table);
      return null;
    }
    if (endpoint.equals(Endpoint.V1_UPDATE_TABLE)) {
      return CatalogHandlers.updateTable(
          catalog, table, JSON.readValue(body, UpdateTableRequest.class));
    }
    if (endpoint.equals(Endpoint.V1_DELETE_TABLE)) {
      if (Boolean.parseBoolean(query.get("purgeRequested"))) {
        CatalogHandlers.purgeTable(catalog, table);
      } else {
        CatalogHandlers.dropTable(catalog, table);
      }
      return null;
    }
    if (endpoint.equals(Endpoint.V1_RENAME_TABLE)) {
      CatalogHandlers.renameTable(catalog, JSON.readValue(body, RenameTableRequest.class));
      return null;
    }
    if (endpoint.equals(Endpoint.V1_REPORT_METRICS)) {
      return null; // accepted and dropped: the client reports scan and commit metrics
    }
    throw new IllegalStateException("Served but not handled: " + endpoint);
  }

  /**
   * The path variables of {@code path} if it is {@code endpoint}'s route, else null. Routes are
   * written {@code /v1/{prefix}/namespaces/{namespace}}; this server has no prefix.
   */
  private static Map<String, String> match(Endpoint endpoint, String method, String path) {
    if (!endpoint.httpMethod().equals(method)) {
      return null;
    }
    String[] template = endpoint.path().replace("/{prefix}", "").replaceFirst("^/", "").split("/");
    String[] parts = path.split("/");
    if (template.length != parts.length) {
      return null;
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      if (template[i].startsWith("{") && template[i].endsWith("}")) {
        variables.put(template[i].substring(1, template[i].length() - 1), parts[i]);
      } else if (!template[i].equals(parts[i])) {
        return null;
      }
    }
    return variables;
  }

  /** The status the REST protocol gives each failure, which the client turns back into it. */
  private static int statusOf(RuntimeException e) {
    for (Map.Entry<Class<? extends RuntimeException>, Integer> status : STATUSES.entrySet()) {
      if (status.getKey().isInstance(e)) {
        return status.getValue();
      }
    }
    return 500;
  }

  /** Configured as Iceberg's REST client configures its own mapper. */
  private static ObjectMapper restMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
    return mapper;
  }
}
