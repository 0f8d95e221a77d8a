package dev.deployer.cloud;

import dev.deployer.core.spi.Operation;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which AWS errors are transient, per operation. */
public final class AwsErrors {
  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "SlowDown",
          "RequestThrottled",
          "ServiceUnavailable",
          "InternalError",
          "InternalFailure",
          "ServiceFailure");

  // Right after a create, other calls may not see the new object yet.
  private static final Set<String> NOT_YET_VISIBLE =
      Set.of(
          "InvalidVpcID.NotFound",
          "InvalidSubnetID.NotFound",
          "InvalidRouteTableID.NotFound",
          "InvalidGroup.NotFound",
          "InvalidInternetGatewayID.NotFound",
          "InvalidAllocationID.NotFound",
          "InvalidNatGatewayID.NotFound",
          "InvalidVpcEndpointId.NotFound",
          "InvalidVpcPeeringConnectionID.NotFound",
          "NoSuchEntity",
          "MalformedPolicyDocument",
          "MalformedPolicy",
          "NoSuchBucket");

  // While deleting, dependents may still be going away.
  private static final Set<String> STILL_IN_USE =
      Set.of(
          "DependencyViolation",
          "InvalidIPAddress.InUse",
          "AuthFailure.ServiceLinkedRoleCreationNotPermitted",
          "DeleteConflict",
          "OperationAborted",
          "IncorrectState",
          "InvalidGatewayID.NotFound");

  private static final Set<String> NOT_FOUND = Set.of("NoSuchEntity", "NoSuchBucket", "NoSuchKey");

  private AwsErrors() {}

  public static String code(Throwable e) {
    return e instanceof AwsServiceException a && a.awsErrorDetails() != null
        ? a.awsErrorDetails().errorCode()
        : null;
  }

  /** The error code and status, for progress lines: {@code RequestLimitExceeded (503)}. */
  public static String describe(Throwable e) {
    if (e instanceof AwsServiceException a) {
      String c = code(e);
      return (c == null ? "HTTP" : c) + " (" + a.statusCode() + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * Whether the error says the object does not exist: EC2's {@code *.NotFound} codes (HTTP 400),
   * IAM's {@code NoSuchEntity}, S3's {@code NoSuchBucket} and {@code NoSuchKey}, any 404 (S3 HEAD
   * answers have no code), and the call's own {@code codes} (S3's {@code NoSuchBucketPolicy}).
   */
  public static boolean isNotFound(Throwable e, String... codes) {
    if (!(e instanceof AwsServiceException a)) {
      return false;
    }
    String c = code(e);
    if (a.statusCode() == 404 || c == null) {
      return a.statusCode() == 404;
    }
    for (String x : codes) {
      if (x.equals(c)) {
        return true;
      }
    }
    return c.endsWith(".NotFound") || NOT_FOUND.contains(c);
  }

  public static boolean isRetryable(Throwable e, Operation op) {
    if (e instanceof SdkClientException) {
      return true; // connection reset, timeouts
    }
    if (!(e instanceof AwsServiceException a)) {
      return false;
    }
    String c = code(e);
    if (a.statusCode() == 429 || a.statusCode() >= 500 || (c != null && THROTTLING.contains(c))) {
      return true;
    }
    if (c == null) {
      return false;
    }
    return switch (op) {
      case CREATE, UPDATE -> NOT_YET_VISIBLE.contains(c);
      case DELETE -> STILL_IN_USE.contains(c);
      default -> false;
    };
  }
}
