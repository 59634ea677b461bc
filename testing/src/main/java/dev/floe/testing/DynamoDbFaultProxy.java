package dev.floe.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * A fault-injecting HTTP proxy in front of DynamoDB (Local): it listens on a loopback port,
 * forwards DynamoDB JSON-protocol requests and, as its {@link FaultRule}s say, answers with
 * DynamoDB's own errors, drops the connection, adds latency or processes only part of a batch.
 * Deterministic: rules fire by call count, or by a {@link Random} seeded by the builder.
 *
 * <pre>{@code
 * try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(dynamo.endpoint())
 *         .rule(FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).onFirstCalls(2))
 *         .start();
 *     DynamoDbClient client = proxy.clientBuilder().build()) {
 *   client.putItem(...);                                   // succeeds on the third attempt
 *   assertThat(proxy.faultCount(FaultKind.THROTTLING)).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>With {@link Builder#recordRequests(String...)} it also keeps each request's operation and
 * body, so a test can check what a client actually sent (a Scan's FilterExpression, a Query's
 * KeyConditionExpression, a Limit):
 *
 * <pre>{@code
 * try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.forwardingTo(dynamo.endpoint())
 *         .recordRequests("Scan", "Query")
 *         .start()) {
 *   ... // read through proxy.endpoint()
 *   assertThat(proxy.requests("Scan").get(0).resolved("FilterExpression"))
 *       .hasValue("`status` = 'open'");
 * }
 * }</pre>
 *
 * <p>Faulted answers carry the headers the SDK looks at: {@code Content-Type:
 * application/x-amz-json-1.0}, {@code x-amzn-RequestId} and a correct {@code x-amz-crc32} (the SDK
 * checks it). Forwarded requests keep their headers, including the signature: DynamoDB Local does
 * not verify signatures, and re-serialized batch bodies would not match them.
 */
public final class DynamoDbFaultProxy implements AutoCloseable {

  /** Headers that belong to one hop, or that the JDK HTTP client sets itself and refuses. */
  private static final Set<String> REQUEST_HEADERS_NOT_FORWARDED =
      Set.of(
          "host",
          "content-length",
          "connection",
          "keep-alive",
          "expect",
          "upgrade",
          "transfer-encoding",
          "te",
          "trailer",
          "proxy-connection",
          // Without it DynamoDB answers uncompressed, which the proxy can parse and merge.
          "accept-encoding");

  private static final Set<String> RESPONSE_HEADERS_NOT_FORWARDED =
      Set.of("content-length", "connection", "keep-alive", "transfer-encoding", "date");

  private static final String CRC32_HEADER = "x-amz-crc32";
  private static final String TARGET_HEADER = "X-Amz-Target";
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger PROXY_COUNTER = new AtomicInteger();

  /** Default of {@link Builder#maxRecordedRequests(int)}. */
  public static final int DEFAULT_MAX_RECORDED_REQUESTS = 10_000;

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
    // the body waits for the client's delayed ACK and every call takes ~40 ms longer. The JDK
    // reads this property once, when its first HttpServer starts, so it is set before that.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final URI target;
  private final List<FaultRule> rules;
  private final long[] callsReachingRule;
  private final Random random;
  private final FaultCounters counters = new FaultCounters();
  private final HttpServer server;
  private final ExecutorService handlerThreads;
  private final HttpClient upstream;
  private final URI endpoint;

  /** Null unless the builder asked for recording. */
  private final RequestRecorder recorder;

  private DynamoDbFaultProxy(Builder builder) throws IOException {
    this.target = builder.target;
    this.recorder =
        builder.recordedOperations == null
            ? null
            : new RequestRecorder(builder.recordedOperations, builder.maxRecordedRequests);
    this.rules = List.copyOf(builder.rules);
    this.callsReachingRule = new long[rules.size()];
    this.random = new Random(builder.seed);
    int proxyNumber = PROXY_COUNTER.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    this.handlerThreads =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable,
                      "dynamodb-fault-proxy-" + proxyNumber + "-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.upstream =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(handlerThreads)
            .build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(handlerThreads);
    server.start();
    this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Starts the configuration of a proxy forwarding to {@code target}, e.g. DynamoDB Local. */
  public static Builder forwardingTo(URI target) {
    return new Builder(target);
  }

  /** Where clients connect: {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Where requests are forwarded. */
  public URI target() {
    return target;
  }

  /** A sync client builder aimed at this proxy (same credentials and region as DynamoDB Local). */
  public DynamoDbClientBuilder clientBuilder() {
    return LocalAwsClients.dynamoDb(endpoint);
  }

  /** An async client builder aimed at this proxy. */
  public DynamoDbAsyncClientBuilder asyncClientBuilder() {
    return LocalAwsClients.dynamoDbAsync(endpoint);
  }

  /** Requests received, faulted or not. */
  public long requestCount() {
    return counters.requests();
  }

  /** Requests received for one operation, e.g. {@code BatchWriteItem}. */
  public long requestCount(String operation) {
    return counters.requests(operation);
  }

  /** Faults injected, of every kind (a delayed and then faulted request counts twice). */
  public long faultCount() {
    return counters.faults();
  }

  /** Faults of one kind injected. */
  public long faultCount(FaultKind kind) {
    return counters.faults(kind);
  }

  /** Faults of one kind injected into one operation. */
  public long faultCount(FaultKind kind, String operation) {
    return counters.faults(kind, operation);
  }

  /** Writes answered as BatchWriteItem UnprocessedItems instead of being forwarded. */
  public long unprocessedItemCount() {
    return counters.unprocessedItems();
  }

  /** Keys answered as BatchGetItem UnprocessedKeys instead of being forwarded. */
  public long unprocessedKeyCount() {
    return counters.unprocessedKeys();
  }

  /**
   * The requests received so far, faulted or not, in arrival order: a call the client retried
   * appears once per attempt. Only the operations named in {@link
   * Builder#recordRequests(String...)}.
   *
   * @throws IllegalStateException if this proxy does not record requests, or recorded its maximum
   *     and more arrived (see {@link Builder#maxRecordedRequests(int)})
   */
  public List<RecordedRequest> requests() {
    return recorder().requests();
  }

  /**
   * The recorded requests of one operation, e.g. {@code Scan}, in arrival order.
   *
   * @throws IllegalStateException if this proxy does not record {@code operation}, or recorded its
   *     maximum and more arrived
   */
  public List<RecordedRequest> requests(String operation) {
    return recorder().requests(operation);
  }

  /** Forgets the requests recorded so far, e.g. between the steps of a test. */
  public void clearRecordedRequests() {
    recorder().clear();
  }

  private RequestRecorder recorder() {
    if (recorder == null) {
      throw new IllegalStateException(
          "Cannot list the requests of a DynamoDbFaultProxy that does not record them: build it"
              + " with recordRequests()");
    }
    return recorder;
  }

  /** Stops listening at once; calls in progress are cut off. */
  @Override
  public void close() {
    server.stop(0);
    handlerThreads.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String operation = operationOf(exchange.getRequestHeaders().getFirst(TARGET_HEADER));
      counters.request(operation);
      if (recorder != null) {
        // Of the headers only the access key id is recorded: Authorization holds the signature,
        // X-Amz-Security-Token a session token.
        recorder.record(operation, body, exchange.getRequestHeaders().getFirst("Authorization"));
      }
      Decision decision = decide(operation);
      for (int i = 0; i < decision.delayRules(); i++) {
        counters.fault(FaultKind.LATENCY, operation);
      }
      if (!decision.delay().isZero()) {
        Thread.sleep(decision.delay().toMillis());
      }
      Fault fault = decision.fault();
      if (fault instanceof Fault.ErrorResponse error) {
        counters.fault(error.kind(), operation);
        sendError(exchange, error.error());
      } else if (fault instanceof Fault.ConnectionReset) {
        counters.fault(FaultKind.CONNECTION_RESET, operation);
        // Closing an exchange before its response headers are sent closes the connection: the
        // client reads end-of-stream where it expects a status line.
      } else if (fault instanceof Fault.PartialBatch partial) {
        forwardPartially(exchange, operation, body, partial);
      } else {
        forward(exchange, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      sendProxyFailure(exchange, e);
    } finally {
      exchange.close();
    }
  }

  /** Walks the rules in order; see {@link FaultRule} for the semantics. */
  private synchronized Decision decide(String operation) {
    Duration delay = Duration.ZERO;
    int delayRules = 0;
    for (int i = 0; i < rules.size(); i++) {
      FaultRule rule = rules.get(i);
      if (!rule.appliesTo(operation)) {
        continue;
      }
      long call = ++callsReachingRule[i];
      if (!rule.fires(call, random)) {
        continue;
      }
      if (rule.fault() instanceof Fault.Delay added) {
        delay = delay.plus(added.duration());
        delayRules++;
        continue;
      }
      return new Decision(delay, delayRules, rule.fault());
    }
    return new Decision(delay, delayRules, null);
  }

  private void forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(exchange, body);
    respond(exchange, response, response.body(), false);
  }

  private void forwardPartially(
      HttpExchange exchange, String operation, byte[] body, Fault.PartialBatch fault)
      throws IOException, InterruptedException {
    Optional<PartialBatchSplitter.Split> split = PartialBatchSplitter.split(operation, body, fault);
    if (split.isEmpty()) {
      forward(exchange, body);
      return;
    }
    HttpResponse<byte[]> response = send(exchange, split.get().forwardedBody());
    if (response.statusCode() != 200) {
      // DynamoDB refused the forwarded part: its error is the answer, nothing was processed.
      respond(exchange, response, response.body(), false);
      return;
    }
    byte[] merged = split.get().mergeInto(response.body());
    counters.fault(FaultKind.PARTIAL_BATCH, operation);
    if (split.get().keys()) {
      counters.unprocessedKeys(split.get().unprocessedCount());
    } else {
      counters.unprocessedItems(split.get().unprocessedCount());
    }
    respond(exchange, response, merged, true);
  }

  private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
            .timeout(UPSTREAM_TIMEOUT)
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!REQUEST_HEADERS_NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        header.getValue().forEach(value -> request.header(header.getKey(), value));
      }
    }
    return upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void respond(
      HttpExchange exchange, HttpResponse<byte[]> response, byte[] body, boolean bodyChanged)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              boolean staleChecksum = bodyChanged && lower.equals(CRC32_HEADER);
              if (!RESPONSE_HEADERS_NOT_FORWARDED.contains(lower)
                  && !staleChecksum
                  && !lower.startsWith(":")) {
                headers.put(name, new ArrayList<>(values));
              }
            });
    if (bodyChanged) {
      // The SDK verifies x-amz-crc32 against the body it receives.
      headers.set(CRC32_HEADER, crc32(body));
    }
    send(exchange, response.statusCode(), body);
  }

  private static void sendError(HttpExchange exchange, DynamoDbError error) throws IOException {
    ObjectNode json =
        JSON.createObjectNode().put("__type", error.type()).put("message", error.message());
    byte[] body = JSON.writeValueAsBytes(json);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", JSON_CONTENT_TYPE);
    headers.set("x-amzn-RequestId", requestId());
    headers.set(CRC32_HEADER, crc32(body));
    send(exchange, error.statusCode(), body);
  }

  /** Answers 502 when the proxy itself failed, e.g. DynamoDB Local could not be reached. */
  private static void sendProxyFailure(HttpExchange exchange, Exception failure) {
    byte[] body = ("DynamoDbFaultProxy failed: " + failure).getBytes(StandardCharsets.UTF_8);
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      send(exchange, 502, body);
    } catch (IOException | RuntimeException e) {
      // Headers were already sent or the client is gone; closing the exchange is all that is left.
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    // HttpServer reads a length of 0 as "chunked"; -1 means no body.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String operationOf(String targetHeader) {
    if (targetHeader == null || targetHeader.isBlank()) {
      return "unknown";
    }
    // "DynamoDB_20120810.BatchWriteItem" or "DynamoDBStreams_20120810.GetRecords"
    return targetHeader.substring(targetHeader.lastIndexOf('.') + 1).trim();
  }

  private static String crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return Long.toString(crc.getValue());
  }

  /** DynamoDB's request ids are 52 upper-case letters and digits. */
  private static String requestId() {
    String random = UUID.randomUUID().toString() + UUID.randomUUID().toString();
    return random.replace("-", "").toUpperCase(Locale.ROOT).substring(0, 52);
  }

  /** The outcome of walking the rules for one call; a null fault means forward unchanged. */
  private record Decision(Duration delay, int delayRules, Fault fault) {}

  /** Configuration of a {@link DynamoDbFaultProxy}; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final URI target;
    private final List<FaultRule> rules = new ArrayList<>();
    private long seed = 42;
    private Set<String> recordedOperations;
    private int maxRecordedRequests = DEFAULT_MAX_RECORDED_REQUESTS;

    private Builder(URI target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /** Seed of the Random behind {@link FaultRule#withProbability(double)}; default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Adds a rule after the ones added before. */
    public Builder rule(FaultRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds rules in order. */
    public Builder rules(List<FaultRule> newRules) {
      newRules.forEach(this::rule);
      return this;
    }

    /**
     * Keeps the operation, the body and the signing access key id (never the headers) of every
     * request of these operations, or of every operation when none is named, for {@link
     * DynamoDbFaultProxy#requests()}. Bodies are held in memory (a BatchWriteItem body can be 16
     * MB), so name the operations a test checks.
     */
    public Builder recordRequests(String... operations) {
      Set<String> names = new TreeSet<>();
      for (String operation : operations) {
        if (operation == null || operation.isBlank()) {
          throw new IllegalArgumentException(
              "Cannot record requests of operation '"
                  + operation
                  + "': name operations as X-Amz-Target ends, e.g. Scan, Query, PutItem");
        }
        names.add(operation);
      }
      this.recordedOperations = names;
      return this;
    }

    /**
     * Most requests recorded before {@link DynamoDbFaultProxy#requests()} fails instead of
     * answering with part of them; default {@value
     * DynamoDbFaultProxy#DEFAULT_MAX_RECORDED_REQUESTS}.
     */
    public Builder maxRecordedRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException(
            "Cannot record at most " + max + " requests: maxRecordedRequests must be at least 1");
      }
      this.maxRecordedRequests = max;
      return this;
    }

    /** Delays every call by {@code delay} before the rules added later are consulted. */
    public Builder latency(Duration delay) {
      return rule(FaultRule.inject(Fault.delay(delay)));
    }

    /** Builds the proxy and starts listening on a free loopback port. */
    public DynamoDbFaultProxy start() {
      try {
        return new DynamoDbFaultProxy(this);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start DynamoDbFaultProxy", e);
      }
    }
  }
}
