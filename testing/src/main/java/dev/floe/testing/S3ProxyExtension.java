package dev.floe.testing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
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
public final class S3ProxyExtension extends SessionExtension<S3ProxyExtension.Session>
    implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(S3ProxyExtension.class);
  private static final AtomicLong BUCKET_COUNTER = new AtomicLong();

  /** Uses the s3proxy shared by the whole JVM, with a bucket of this test class's own. */
  public S3ProxyExtension() {}

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
  public URI endpoint() {
    return session().endpoint();
  }

  /** A path-style S3 client with this extension's credentials; closed by the extension. */
  public S3Client s3Client() {
    return session().client();
  }

  /** The bucket created for this test class. */
  public String bucket() {
    return session().bucket();
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

  @Override
  protected Session openSession(ExtensionContext context) {
    // The root store lives as long as the test run and stops s3proxy at its end.
    S3ProxyServer server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                S3ProxyServer.class, key -> S3ProxyServer.start(), S3ProxyServer.class);
    S3Client client = s3ClientBuilderFor(server.endpoint()).build();
    String bucket =
        "floe-test-"
            + BUCKET_COUNTER.incrementAndGet()
            + "-"
            + Integer.toHexString(
                ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE));
    try {
      client.createBucket(r -> r.bucket(bucket));
    } catch (RuntimeException | Error e) {
      // No session is opened, so nothing else would close the client.
      client.close();
      throw e;
    }
    return new Session(server.endpoint(), client, bucket);
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

  /**
   * The client and bucket of one test class (or method); the shared s3proxy outlives them. Not
   * private, as the superclass names it as its type argument.
   */
  record Session(URI endpoint, S3Client client, String bucket) implements SessionExtension.Session {
    @Override
    public void close() {
      client.close();
    }
  }
}
