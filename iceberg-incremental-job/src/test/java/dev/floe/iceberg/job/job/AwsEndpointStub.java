package dev.floe.iceberg.job.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the AWS endpoints a glue catalog talks to, on a loopback port: Glue's {@code
 * GetTable}, and the credential services of the default chain (STS for web identity and assume
 * role, the SSO portal, the container credentials endpoint of ECS and EKS Pod Identity). Each
 * credential service issues credentials of its own ({@link #WEB_IDENTITY}, {@link #SSO}, ...), so
 * the signature of a Glue request tells which provider of the chain resolved.
 *
 * <p>It exists because no Glue emulator runs here. It answers just enough for Iceberg's GlueCatalog
 * to load a table (whose metadata lives on a real S3 endpoint, s3proxy) and records every request;
 * it does not verify signatures, only reads which credentials signed them.
 */
final class AwsEndpointStub implements AutoCloseable {

  /** Credentials as a provider receives them; {@code sessionToken} may be null. */
  record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {}

  static final Credentials WEB_IDENTITY =
      new Credentials("ASIAWEBIDENTITY00001", "webIdentitySecretKey", "webIdentitySessionToken");
  static final Credentials ASSUMED_ROLE =
      new Credentials("ASIAASSUMEDROLE00001", "assumedRoleSecretKey", "assumedRoleSessionToken");
  static final Credentials SSO =
      new Credentials("ASIASSOROLE000000001", "ssoRoleSecretKey", "ssoRoleSessionToken");
  static final Credentials CONTAINER =
      new Credentials("ASIACONTAINER0000001", "containerSecretKey", "containerSessionToken");

  /** One request as received; header names in lower case. */
  record Request(
      String service, String method, String target, Map<String, String> headers, String body) {
    private static final Pattern CREDENTIAL =
        Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");

    /** {@code <access key id> <region> <service>} of the SigV4 signature, or null if unsigned. */
    String signedBy() {
      String authorization = headers.get("authorization");
      if (authorization == null) {
        return null;
      }
      Matcher credential = CREDENTIAL.matcher(authorization);
      return credential.find()
          ? credential.group(1) + " " + credential.group(2) + " " + credential.group(3)
          : authorization;
    }

    String securityToken() {
      return headers.get("x-amz-security-token");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> tables = new ConcurrentHashMap<>();

  private AwsEndpointStub(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static AwsEndpointStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    AwsEndpointStub stub = new AwsEndpointStub(server, executor);
    server.createContext("/", stub::serve);
    server.start();
    return stub;
  }

  /** The URL to configure as the endpoint of every service. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The container credentials URL, for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
  String containerCredentialsUri() {
    return endpoint() + "/container/credentials";
  }

  /** Makes {@code GetTable} answer for {@code database.table} with an Iceberg table's metadata. */
  void glueTable(String database, String table, String metadataLocation) {
    tables.put(database + "." + table, metadataLocation);
  }

  /** The requests to {@code service} so far, oldest first. */
  List<Request> requests(String service) {
    synchronized (requests) {
      return requests.stream().filter(request -> request.service().equals(service)).toList();
    }
  }

  void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      // By what the request holds, not by its path: SDK clients drop the path of an endpoint
      // given as AWS_ENDPOINT_URL_<SERVICE>.
      String service;
      String target;
      if (headers.getOrDefault("x-amz-target", "").startsWith("AWSGlue.")) {
        service = "glue";
        target = headers.get("x-amz-target");
      } else if (!formValue(body, "Action").isEmpty()) {
        service = "sts";
        target = formValue(body, "Action");
      } else if (uri.getPath().endsWith("/federation/credentials")) {
        service = "sso";
        target = uri.getPath();
      } else if (uri.getPath().startsWith("/container/")) {
        service = "container";
        target = uri.getPath();
      } else {
        service = "unknown";
        target = uri.getPath();
      }
      requests.add(new Request(service, exchange.getRequestMethod(), target, headers, body));
      switch (service) {
        case "glue":
          glue(exchange, target, body);
          break;
        case "sts":
          sts(exchange, target);
          break;
        case "sso":
          respond(
              exchange,
              200,
              "application/json",
              String.format(
                  "{\"roleCredentials\":{\"accessKeyId\":\"%s\",\"secretAccessKey\":\"%s\","
                      + "\"sessionToken\":\"%s\",\"expiration\":%d}}",
                  SSO.accessKeyId(),
                  SSO.secretAccessKey(),
                  SSO.sessionToken(),
                  inAnHour().toEpochMilli()));
          break;
        case "container":
          respond(
              exchange,
              200,
              "application/json",
              String.format(
                  "{\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"%s\",\"Token\":\"%s\","
                      + "\"Expiration\":\"%s\"}",
                  CONTAINER.accessKeyId(),
                  CONTAINER.secretAccessKey(),
                  CONTAINER.sessionToken(),
                  inAnHour()));
          break;
        default:
          respond(exchange, 404, "text/plain", "no such service: " + service);
      }
    }
  }

  private void glue(HttpExchange exchange, String target, String body) throws IOException {
    JsonNode request = JSON.readTree(body);
    String name = request.path("DatabaseName").asText() + "." + request.path("Name").asText();
    String metadataLocation = tables.get(name);
    if (!target.equals("AWSGlue.GetTable") || metadataLocation == null) {
      respond(
          exchange,
          400,
          "application/x-amz-json-1.1",
          "{\"__type\":\"EntityNotFoundException\",\"Message\":\"Table " + name + " not found.\"}");
      return;
    }
    respond(
        exchange,
        200,
        "application/x-amz-json-1.1",
        String.format(
            "{\"Table\":{\"Name\":\"%s\",\"DatabaseName\":\"%s\",\"TableType\":\"EXTERNAL_TABLE\","
                + "\"Parameters\":{\"table_type\":\"ICEBERG\",\"metadata_location\":\"%s\"}}}",
            request.path("Name").asText(),
            request.path("DatabaseName").asText(),
            metadataLocation));
  }

  private static void sts(HttpExchange exchange, String action) throws IOException {
    Credentials issued = action.equals("AssumeRoleWithWebIdentity") ? WEB_IDENTITY : ASSUMED_ROLE;
    String xml =
        String.format(
            "<%1$sResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><%1$sResult>"
                + "<Credentials><AccessKeyId>%2$s</AccessKeyId>"
                + "<SecretAccessKey>%3$s</SecretAccessKey><SessionToken>%4$s</SessionToken>"
                + "<Expiration>%5$s</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/floe/run</Arn>"
                + "<AssumedRoleId>AROAFLOE:run</AssumedRoleId></AssumedRoleUser>"
                + "</%1$sResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                + "</%1$sResponse>",
            action,
            issued.accessKeyId(),
            issued.secretAccessKey(),
            issued.sessionToken(),
            inAnHour());
    respond(exchange, 200, "text/xml", xml);
  }

  private static String formValue(String form, String name) {
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static Instant inAnHour() {
    return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
