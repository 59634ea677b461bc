package dev.floe.core.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Classification of errors DynamoDB Local cannot produce (AccessDenied, expired tokens, ...); the
 * ones it and the fault proxy can produce are covered end to end in DynamoDbBatchWriterFaultITCase.
 */
class WriteErrorsTest {

  @ParameterizedTest(name = "{0} (HTTP {1}) is {2}")
  @CsvSource({
    "ProvisionedThroughputExceededException, 400, THROTTLED",
    "ThrottlingException, 400, THROTTLED",
    "RequestLimitExceeded, 400, THROTTLED",
    "TooManyRequestsException, 429, THROTTLED",
    "InternalServerError, 500, TRANSIENT",
    "ServiceUnavailable, 503, TRANSIENT",
    "BadGateway, 502, TRANSIENT",
    "TransactionConflictException, 400, TRANSIENT",
    "RequestTimeTooSkewed, 400, TRANSIENT",
    "ValidationException, 400, FATAL",
    "ResourceNotFoundException, 400, FATAL",
    "UnrecognizedClientException, 400, FATAL",
    "InvalidSignatureException, 400, FATAL",
    "ExpiredTokenException, 400, FATAL",
    "AccessDeniedException, 400, FATAL",
    "ItemCollectionSizeLimitExceededException, 400, FATAL",
  })
  void classifiesServiceErrors(String code, int status, WriteErrors.Kind kind) {
    assertThat(WriteErrors.classify(serviceError(code, status))).isEqualTo(kind);
    assertThat(WriteErrors.classify(new CompletionException(serviceError(code, status))))
        .isEqualTo(kind);
  }

  @Test
  void ioErrorsAndAttemptTimeoutsAreTransient() {
    assertThat(
            WriteErrors.classify(
                SdkClientException.create("Connection reset", new IOException("reset"))))
        .isEqualTo(WriteErrors.Kind.TRANSIENT);
    assertThat(WriteErrors.classify(ApiCallAttemptTimeoutException.create(1000)))
        .isEqualTo(WriteErrors.Kind.TRANSIENT);
  }

  @Test
  void missingCredentialsFailAtOnce() {
    SdkClientException noCredentials =
        SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain",
            new IOException("connect timed out"));
    assertThat(WriteErrors.classify(noCredentials)).isEqualTo(WriteErrors.Kind.FATAL);
    assertThat(WriteErrors.advice(noCredentials)).contains("check the AWS credentials");
  }

  @Test
  void describesWithCodeStatusAndRequestIdAndAdvises() {
    AwsServiceException denied = serviceError("AccessDeniedException", 400);
    assertThat(WriteErrors.describe(denied))
        .isEqualTo(
            "AccessDeniedException: message of AccessDeniedException (HTTP 400, request id R1)");
    assertThat(WriteErrors.advice(denied)).contains("dynamodb:BatchWriteItem");
    assertThat(WriteErrors.advice(serviceError("UnrecognizedClientException", 400)))
        .contains("credentials");
  }

  private static AwsServiceException serviceError(String code, int status) {
    return DynamoDbException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage("message of " + code)
                .serviceName("DynamoDb")
                .build())
        .statusCode(status)
        .requestId("R1")
        .message("message of " + code)
        .build();
  }
}
