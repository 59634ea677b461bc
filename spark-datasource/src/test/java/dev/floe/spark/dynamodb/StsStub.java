package dev.floe.spark.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for AWS STS on a loopback port: answers every AssumeRole with the credentials {@link
 * #ACCESS_KEY_ID} / {@link #SECRET_ACCESS_KEY} / {@link #SESSION_TOKEN} and records each request's
 * form parameters and the access key id that signed it. No STS emulator runs here; this answers
 * just enough for the SDK's assume-role credentials provider and checks no signature.
 */
final class StsStub implements AutoCloseable {

  static final String ACCESS_KEY_ID = "ASIAFLOEASSUMED00001";
  static final String SECRET_ACCESS_KEY = "assumedRoleSecretKey";
  static final String SESSION_TOKEN = "assumedRoleSessionToken";

  /** One request: its form parameters ({@code Action}, {@code RoleArn}, ...) and its signer. */
  record Request(Map<String, String> parameters, String signedBy) {}

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private StsStub(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static StsStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    StsStub stub = new StsStub(server, executor);
    server.createContext("/", stub::serve);
    server.start();
    return stub;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> parameters = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          parameters.put(
              pair.substring(0, equals),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Matcher signer = CREDENTIAL.matcher(authorization == null ? "" : authorization);
      requests.add(new Request(parameters, signer.find() ? signer.group(1) : null));
      String action = parameters.getOrDefault("Action", "");
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
              ACCESS_KEY_ID,
              SECRET_ACCESS_KEY,
              SESSION_TOKEN,
              Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
