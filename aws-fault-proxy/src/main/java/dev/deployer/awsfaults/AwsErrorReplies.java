package dev.deployer.awsfaults;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Error answers shaped exactly as each AWS protocol shapes them, so the SDK's unmarshallers read
 * the code: EC2's query protocol wraps errors in {@code <Response><Errors><Error>}, IAM's and STS's
 * in {@code <ErrorResponse><Error>} with a Sender/Receiver type, S3's REST protocol answers a bare
 * {@code <Error>} (and no body at all for HEAD); the JSON protocols (KMS, Service Quotas) a JSON
 * object whose {@code __type} is the code.
 */
final class AwsErrorReplies {
  private AwsErrorReplies() {}

  record Reply(int status, Map<String, String> headers, byte[] body) {}

  /** Services of the awsJson protocol: errors are {@code {"__type": code, "message": ...}}. */
  private static boolean json(AwsCall call) {
    return "kms".equals(call.service()) || "servicequotas".equals(call.service());
  }

  static Reply error(AwsCall call, int status, String code, String message) {
    String requestId = UUID.randomUUID().toString();
    if (json(call)) {
      String body =
          "{\"__type\":\"" + jsonEsc(code) + "\",\"message\":\"" + jsonEsc(message) + "\"}";
      return new Reply(
          status,
          Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", requestId),
          body.getBytes(StandardCharsets.UTF_8));
    }
    String xml =
        switch (call.service()) {
          case "ec2" ->
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
                  + esc(code)
                  + "</Code><Message>"
                  + esc(message)
                  + "</Message></Error></Errors><RequestID>"
                  + requestId
                  + "</RequestID></Response>";
          case "iam", "sts" ->
              "<ErrorResponse xmlns=\"https://"
                  + call.service()
                  + ".amazonaws.com/doc/"
                  + ("iam".equals(call.service()) ? "2010-05-08" : "2011-06-15")
                  + "/\">\n  <Error>\n    <Type>"
                  + (status >= 500 ? "Receiver" : "Sender")
                  + "</Type>\n    <Code>"
                  + esc(code)
                  + "</Code>\n    <Message>"
                  + esc(message)
                  + "</Message>\n  </Error>\n  <RequestId>"
                  + requestId
                  + "</RequestId>\n</ErrorResponse>\n";
          default ->
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                  + esc(code)
                  + "</Code><Message>"
                  + esc(message)
                  + "</Message><RequestId>"
                  + requestId.replace("-", "").substring(0, 16).toUpperCase()
                  + "</RequestId><HostId>injected-by-aws-fault-proxy</HostId></Error>";
        };
    Map<String, String> headers =
        "s3".equals(call.service())
            ? Map.of(
                "Content-Type", "application/xml", "x-amz-request-id", requestId.substring(0, 16))
            : Map.of("Content-Type", "text/xml;charset=UTF-8", "x-amzn-RequestId", requestId);
    byte[] body = "HEAD".equals(call.method()) ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
    return new Reply(status, headers, body);
  }

  /** The service's own throttling answer. */
  static Reply throttle(AwsCall call) {
    return switch (call.service()) {
      case "ec2" -> error(call, 503, "RequestLimitExceeded", "Request limit exceeded.");
      case "s3" -> error(call, 503, "SlowDown", "Please reduce your request rate.");
      // KMS and Service Quotas (awsJson): ThrottlingException, 400.
      case "kms", "servicequotas" -> error(call, 400, "ThrottlingException", "Rate exceeded");
      default -> error(call, 400, "Throttling", "Rate exceeded");
    };
  }

  /** The service's own transient server-side failure, alternating 500 and 503 by {@code roll}. */
  static Reply serverError(AwsCall call, boolean unavailable) {
    return switch (call.service()) {
      case "ec2" ->
          unavailable
              ? error(
                  call,
                  503,
                  "Unavailable",
                  "The server is overloaded and can't handle the request.")
              : error(call, 500, "InternalError", "An internal error has occurred.");
      case "s3" ->
          unavailable
              ? error(call, 503, "ServiceUnavailable", "Service is unable to handle request.")
              : error(
                  call,
                  500,
                  "InternalError",
                  "We encountered an internal error. Please try again.");
      case "iam" ->
          unavailable
              ? error(call, 503, "ServiceUnavailable", "Service Unavailable")
              : error(call, 500, "ServiceFailure", "Service Failure");
      case "kms" ->
          unavailable
              ? error(call, 503, "DependencyTimeoutException", "The system timed out while trying.")
              : error(call, 500, "KMSInternalException", "An internal error occurred.");
      default ->
          unavailable
              ? error(call, 503, "ServiceUnavailable", "Service Unavailable")
              : error(call, 500, "InternalFailure", "An internal error occurred.");
    };
  }

  private static String jsonEsc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
