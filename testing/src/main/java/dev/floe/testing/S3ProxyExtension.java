package dev.floe.testing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * JUnit 5 extension giving tests a real S3 endpoint: s3proxy in-process, in memory, with AWS V2/V4
 * authentication, a ready {@link S3Client} (path-style) and a fresh bucket per test class.
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();
 *
 * @Test void writesIceberg() {
 *   Map<String, String> props = S3.s3FileIoProperties();  // for org.apache.iceberg.aws.s3.S3FileIO
 *   String warehouse = "s3://" + S3.bucket() + "/warehouse";
 * }
 * }</pre>
 *
 * <p>One s3proxy serves the whole JVM and stops when the test run ends; each test class gets its
 * own bucket, so classes do not see each other's objects. Objects live in memory only. Test methods
 * and lifecycle methods may declare parameters of type {@link S3Client} or {@link
 * S3ProxyExtension}.
 */
public final class S3ProxyExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(S3ProxyExtension.class);
  private static final AtomicLong BUCKET_COUNTER = new AtomicLong();

  private S3ProxyServer server;
  private S3Client client;
  private String bucket;
  private String sessionOwner;

  /** Uses the s3proxy shared by the whole JVM, with a bucket of this test class's own. */
  public S3ProxyExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    open(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    open(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeIfOpenedBy(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeIfOpenedBy(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == S3Client.class || type == S3ProxyExtension.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S3Client.class ? s3Client() : this;
  }

  /** Endpoint of s3proxy, e.g. {@code http://127.0.0.1:41235}. */
  public synchronized URI endpoint() {
    requireOpen();
    return server.endpoint();
  }

  /** A path-style S3 client with this extension's credentials; closed by the extension. */
  public synchronized S3Client s3Client() {
    requireOpen();
    return client;
  }

  /** The bucket created for this test class. */
  public synchronized String bucket() {
    requireOpen();
    return bucket;
  }

  /** Access key id s3proxy accepts. */
  public String accessKey() {
    return S3ProxyServer.ACCESS_KEY;
  }

  /** Secret key s3proxy accepts. */
  public String secretKey() {
    return S3ProxyServer.SECRET_KEY;
  }

  /** Region clients use; s3proxy accepts any. */
  public Region region() {
    return LocalAwsClients.REGION;
  }

  /** A builder for another S3 client against s3proxy (credentials, region, path style set). */
  public S3ClientBuilder s3ClientBuilder() {
    return s3ClientBuilderFor(endpoint());
  }

  /**
   * Properties that point Iceberg's {@code S3FileIO} (and {@code iceberg-aws} catalogs) at s3proxy:
   * {@code s3.endpoint}, {@code s3.path-style-access}, {@code s3.access-key-id}, {@code
   * s3.secret-access-key}, {@code client.region}.
   */
  public Map<String, String> s3FileIoProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("s3.endpoint", endpoint().toString());
    properties.put("s3.path-style-access", "true");
    properties.put("s3.access-key-id", accessKey());
    properties.put("s3.secret-access-key", secretKey());
    properties.put("client.region", region().id());
    return Map.copyOf(properties);
  }

  private synchronized void open(ExtensionContext context) {
    if (client != null) {
      return;
    }
    // The root store lives as long as the test run and stops s3proxy at its end.
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                S3ProxyServer.class, key -> S3ProxyServer.start(), S3ProxyServer.class);
    client = s3ClientBuilderFor(server.endpoint()).build();
    bucket =
        "floe-test-"
            + BUCKET_COUNTER.incrementAndGet()
            + "-"
            + Integer.toHexString(
                ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE));
    client.createBucket(r -> r.bucket(bucket));
    sessionOwner = context.getUniqueId();
  }

  private synchronized void closeIfOpenedBy(ExtensionContext context) {
    // Nested classes and methods inherit the extension; only the opener closes the client.
    if (client == null || !context.getUniqueId().equals(sessionOwner)) {
      return;
    }
    try {
      client.close();
    } finally {
      client = null;
      bucket = null;
      server = null;
      sessionOwner = null;
    }
  }

  private static S3ClientBuilder s3ClientBuilderFor(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(LocalAwsClients.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
        // s3proxy serves buckets as paths; virtual-host style would need DNS for bucket names.
        .forcePathStyle(true)
        .httpClientBuilder(Apache5HttpClient.builder());
  }

  private void requireOpen() {
    if (client == null) {
      throw new IllegalStateException(
          "S3ProxyExtension is not started: register it with @RegisterExtension (on a static field"
              + " for beforeAll use) or @ExtendWith");
    }
  }
}
