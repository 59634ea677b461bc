package dev.floe.core.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Provider classes for {@link AwsCredentialsConfig#custom(String)} tests. */
final class TestCredentialsProviders {
  private TestCredentialsProviders() {}

  /** Created through its public no-argument constructor. */
  public static final class ByConstructor implements AwsCredentialsProvider {
    public ByConstructor() {}

    @Override
    public AwsCredentials resolveCredentials() {
      return AwsBasicCredentials.create("byConstructor", "secret");
    }
  }

  /** Created through its static create() method; the constructor is private. */
  public static final class ByFactory implements AwsCredentialsProvider {
    private ByFactory() {}

    public static ByFactory create() {
      return new ByFactory();
    }

    @Override
    public AwsCredentials resolveCredentials() {
      return AwsBasicCredentials.create("byFactory", "secret");
    }
  }
}
