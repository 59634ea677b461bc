package dev.floe.core.dynamodb;

import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

/**
 * Where a DynamoDB client gets its AWS credentials: the SDK's default chain, environment variables,
 * system properties, static keys, a profile, a role assumed with STS, a role assumed with a web
 * identity token (EKS, IRSA), or a provider class of the user's. The same choices as the Apache
 * Flink AWS connectors' {@code aws.credentials.provider} (AUTO, ENV_VAR, SYS_PROP, BASIC, PROFILE,
 * ASSUME_ROLE, WEB_IDENTITY_TOKEN, CUSTOM).
 *
 * <p>Immutable and serializable, so engines can ship it to their tasks, where {@link #toProvider()}
 * builds the SDK provider. {@link #toString()} never shows the secret key, the session token or the
 * external id.
 */
public final class AwsCredentialsConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of credential source. */
  public enum Kind {
    /** The SDK's default chain: environment, system properties, web identity, profile, IMDS. */
    DEFAULT_CHAIN,
    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}. */
    ENVIRONMENT_VARIABLES,
    /** {@code aws.accessKeyId}, {@code aws.secretAccessKey}, {@code aws.sessionToken}. */
    SYSTEM_PROPERTIES,
    /** Static access key, secret key and optional session token. */
    BASIC,
    /** A named profile from the shared credentials file or a given file. */
    PROFILE,
    /** A role assumed with STS AssumeRole, using other credentials to call STS. */
    ASSUME_ROLE,
    /** A role assumed with STS AssumeRoleWithWebIdentity and a token file. */
    WEB_IDENTITY,
    /** An {@link AwsCredentialsProvider} class of the user's, instantiated on the task. */
    CUSTOM
  }

  private static final String MASK = "****";

  private final Kind kind;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final String profileName;
  private final String profileFilePath;
  private final String roleArn;
  private final String sessionName;
  private final String externalId;
  private final AwsCredentialsConfig base;
  private final String webIdentityTokenFile;
  private final String customProviderClass;

  private AwsCredentialsConfig(
      Kind kind,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String profileName,
      String profileFilePath,
      String roleArn,
      String sessionName,
      String externalId,
      AwsCredentialsConfig base,
      String webIdentityTokenFile,
      String customProviderClass) {
    this.kind = kind;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    this.profileName = profileName;
    this.profileFilePath = profileFilePath;
    this.roleArn = roleArn;
    this.sessionName = sessionName;
    this.externalId = externalId;
    this.base = base;
    this.webIdentityTokenFile = webIdentityTokenFile;
    this.customProviderClass = customProviderClass;
  }

  /** The SDK's default credentials chain. */
  public static AwsCredentialsConfig defaultChain() {
    return new AwsCredentialsConfig(
        Kind.DEFAULT_CHAIN, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Credentials from the environment variables {@code AWS_ACCESS_KEY_ID} etc. */
  public static AwsCredentialsConfig environmentVariables() {
    return new AwsCredentialsConfig(
        Kind.ENVIRONMENT_VARIABLES,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Credentials from the JVM system properties {@code aws.accessKeyId} etc. */
  public static AwsCredentialsConfig systemProperties() {
    return new AwsCredentialsConfig(
        Kind.SYSTEM_PROPERTIES, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Credentials from the user's {@link AwsCredentialsProvider} class {@code providerClassName},
   * created where {@link #toProvider()} runs (on the task) with its static {@code create()} method
   * or its public no-argument constructor.
   */
  public static AwsCredentialsConfig custom(String providerClassName) {
    requireText(providerClassName, "custom credentials", "a provider class name");
    return new AwsCredentialsConfig(
        Kind.CUSTOM, null, null, null, null, null, null, null, null, null, null, providerClassName);
  }

  /** Static credentials; {@code sessionToken} is null for long-term keys. */
  public static AwsCredentialsConfig basic(
      String accessKeyId, String secretAccessKey, String sessionToken) {
    requireText(accessKeyId, "basic credentials", "an access key id");
    requireText(secretAccessKey, "basic credentials", "a secret access key");
    return new AwsCredentialsConfig(
        Kind.BASIC,
        accessKeyId,
        secretAccessKey,
        emptyToNull(sessionToken),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A profile of the shared credentials file ({@code ~/.aws/credentials}), or of the credentials
   * file at {@code profileFilePath} when not null. A null {@code profileName} means {@code
   * default}.
   */
  public static AwsCredentialsConfig profile(String profileName, String profileFilePath) {
    return new AwsCredentialsConfig(
        Kind.PROFILE,
        null,
        null,
        null,
        profileName == null || profileName.isBlank() ? "default" : profileName,
        emptyToNull(profileFilePath),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A role assumed with STS AssumeRole; STS is called with the credentials of {@code base}. A null
   * {@code sessionName} gets a generated one; {@code externalId} is optional.
   */
  public static AwsCredentialsConfig assumeRole(
      String roleArn, String sessionName, String externalId, AwsCredentialsConfig base) {
    requireText(roleArn, "assume-role credentials", "a role ARN");
    Objects.requireNonNull(base, "base credentials of assume-role credentials");
    return new AwsCredentialsConfig(
        Kind.ASSUME_ROLE,
        null,
        null,
        null,
        null,
        null,
        roleArn,
        emptyToNull(sessionName),
        emptyToNull(externalId),
        base,
        null,
        null);
  }

  /**
   * A role assumed with STS AssumeRoleWithWebIdentity and the token in {@code
   * webIdentityTokenFile}, read again at each refresh (the token rotates). A null {@code
   * sessionName} gets a generated one.
   */
  public static AwsCredentialsConfig webIdentity(
      String roleArn, String webIdentityTokenFile, String sessionName) {
    requireText(roleArn, "web identity credentials", "a role ARN");
    requireText(webIdentityTokenFile, "web identity credentials", "a token file");
    return new AwsCredentialsConfig(
        Kind.WEB_IDENTITY,
        null,
        null,
        null,
        null,
        null,
        roleArn,
        emptyToNull(sessionName),
        null,
        null,
        webIdentityTokenFile,
        null);
  }

  /** The kind of credential source. */
  public Kind kind() {
    return kind;
  }

  /**
   * The SDK provider for these credentials. STS (assume role, web identity) is reached in the
   * region of the SDK's default region chain, or the global endpoint; {@link #toProvider(Region)}
   * chooses the region.
   */
  public AwsCredentialsProvider toProvider() {
    return toProvider(null);
  }

  /**
   * The SDK provider for these credentials, calling STS in {@code stsRegion} when it assumes a role
   * (null: the SDK's default region chain, else the global endpoint). The STS client uses the
   * URL-connection HTTP client, which holds no threads: the provider needs no closing.
   */
  public AwsCredentialsProvider toProvider(Region stsRegion) {
    switch (kind) {
      case BASIC:
        return StaticCredentialsProvider.create(
            sessionToken == null
                ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
      case PROFILE:
        ProfileCredentialsProvider.Builder profile =
            ProfileCredentialsProvider.builder().profileName(profileName);
        if (profileFilePath != null) {
          profile.profileFile(
              ProfileFile.builder()
                  .content(Path.of(profileFilePath))
                  .type(ProfileFile.Type.CREDENTIALS)
                  .build());
        }
        return profile.build();
      case ASSUME_ROLE:
        AssumeRoleRequest.Builder assume =
            AssumeRoleRequest.builder().roleArn(roleArn).roleSessionName(sessionNameOrDefault());
        if (externalId != null) {
          assume.externalId(externalId);
        }
        AssumeRoleRequest request = assume.build();
        return StsAssumeRoleCredentialsProvider.builder()
            .stsClient(stsClient(stsRegion, base.toProvider(stsRegion)))
            .refreshRequest(request)
            .build();
      case WEB_IDENTITY:
        String role = roleArn;
        String session = sessionNameOrDefault();
        Path tokenFile = Path.of(webIdentityTokenFile);
        return StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
            .stsClient(stsClient(stsRegion, AnonymousCredentialsProvider.create()))
            .refreshRequest(
                () ->
                    AssumeRoleWithWebIdentityRequest.builder()
                        .roleArn(role)
                        .roleSessionName(session)
                        .webIdentityToken(readToken(tokenFile))
                        .build())
            .build();
      case ENVIRONMENT_VARIABLES:
        return EnvironmentVariableCredentialsProvider.create();
      case SYSTEM_PROPERTIES:
        return SystemPropertyCredentialsProvider.create();
      case CUSTOM:
        return instantiate(customProviderClass);
      case DEFAULT_CHAIN:
      default:
        return DefaultCredentialsProvider.builder().build();
    }
  }

  private static AwsCredentialsProvider instantiate(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> type =
          Class.forName(
              className,
              true,
              loader != null ? loader : AwsCredentialsConfig.class.getClassLoader());
      if (!AwsCredentialsProvider.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "Cannot use "
                + className
                + " as custom credentials provider: it does not implement "
                + AwsCredentialsProvider.class.getName());
      }
      try {
        Method create = type.getMethod("create");
        if (Modifier.isStatic(create.getModifiers())
            && AwsCredentialsProvider.class.isAssignableFrom(create.getReturnType())) {
          return (AwsCredentialsProvider) create.invoke(null);
        }
      } catch (NoSuchMethodException e) {
        // No factory method: the constructor it is.
      }
      return (AwsCredentialsProvider) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException(
          "Cannot create the custom credentials provider "
              + className
              + ": "
              + e
              + "; it must be on the classpath and have a public static create() method or a"
              + " public no-argument constructor",
          e);
    }
  }

  private String sessionNameOrDefault() {
    return sessionName != null ? sessionName : "floe-" + System.currentTimeMillis();
  }

  private static StsClient stsClient(Region region, AwsCredentialsProvider credentials) {
    return StsClient.builder()
        .region(region != null ? region : defaultStsRegion())
        .credentialsProvider(credentials)
        // Explicit, so several HTTP implementations on the classpath cannot make the SDK refuse.
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static Region defaultStsRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      return Region.AWS_GLOBAL;
    }
  }

  private static String readToken(Path tokenFile) {
    try {
      return Files.readString(tokenFile).trim();
    } catch (IOException e) {
      throw SdkClientException.create(
          "Unable to load credentials: cannot read the web identity token file " + tokenFile, e);
    }
  }

  private static void requireText(String value, String what, String needed) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Cannot configure " + what + " without " + needed);
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Shows only the last four characters of an access key id, which identify it well enough. */
  private static String maskKeyId(String keyId) {
    return keyId.length() <= 4 ? MASK : MASK + keyId.substring(keyId.length() - 4);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AwsCredentialsConfig that
        && kind == that.kind
        && Objects.equals(accessKeyId, that.accessKeyId)
        && Objects.equals(secretAccessKey, that.secretAccessKey)
        && Objects.equals(sessionToken, that.sessionToken)
        && Objects.equals(profileName, that.profileName)
        && Objects.equals(profileFilePath, that.profileFilePath)
        && Objects.equals(roleArn, that.roleArn)
        && Objects.equals(sessionName, that.sessionName)
        && Objects.equals(externalId, that.externalId)
        && Objects.equals(base, that.base)
        && Objects.equals(webIdentityTokenFile, that.webIdentityTokenFile)
        && Objects.equals(customProviderClass, that.customProviderClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, accessKeyId, profileName, roleArn, webIdentityTokenFile, customProviderClass);
  }

  /** Describes the source without secrets: keys and tokens are masked. */
  @Override
  public String toString() {
    switch (kind) {
      case BASIC:
        return "AwsCredentialsConfig{basic, accessKeyId="
            + maskKeyId(accessKeyId)
            + ", secretAccessKey="
            + MASK
            + (sessionToken == null ? "" : ", sessionToken=" + MASK)
            + "}";
      case PROFILE:
        return "AwsCredentialsConfig{profile="
            + profileName
            + (profileFilePath == null ? "" : ", file=" + profileFilePath)
            + "}";
      case ASSUME_ROLE:
        return "AwsCredentialsConfig{assumeRole="
            + roleArn
            + (sessionName == null ? "" : ", sessionName=" + sessionName)
            + (externalId == null ? "" : ", externalId=" + MASK)
            + ", base="
            + base
            + "}";
      case WEB_IDENTITY:
        return "AwsCredentialsConfig{webIdentity="
            + roleArn
            + ", tokenFile="
            + webIdentityTokenFile
            + (sessionName == null ? "" : ", sessionName=" + sessionName)
            + "}";
      case ENVIRONMENT_VARIABLES:
        return "AwsCredentialsConfig{environmentVariables}";
      case SYSTEM_PROPERTIES:
        return "AwsCredentialsConfig{systemProperties}";
      case CUSTOM:
        return "AwsCredentialsConfig{custom=" + customProviderClass + "}";
      case DEFAULT_CHAIN:
      default:
        return "AwsCredentialsConfig{defaultChain}";
    }
  }
}
