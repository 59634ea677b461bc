package dev.floe.testing;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** One in-process s3proxy with an in-memory blob store on a free loopback port. */
final class S3ProxyServer implements AutoCloseable {

  static final String ACCESS_KEY = "floeS3AccessKey";
  static final String SECRET_KEY = "floeS3SecretKey";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyServer(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  static S3ProxyServer start() {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            // s3proxy binds port 0 itself and reports the port it got.
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // Its default (200 Jetty threads, 30 s graceful stop) is sized for a server, not a
            // test.
            .jettyMaxThreads(16)
            .stopTimeout(0)
            .build();
    try {
      proxy.start();
      awaitStarted(proxy);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start s3proxy", e);
    }
    return new S3ProxyServer(proxy);
  }

  /** start() may return before Jetty accepts connections; its state says when it does. */
  private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "s3proxy not started after " + START_TIMEOUT + ", state " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping s3proxy", e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop s3proxy", e);
    }
  }
}
