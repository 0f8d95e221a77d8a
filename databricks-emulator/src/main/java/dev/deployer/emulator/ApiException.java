package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** An error answered in the real service's shape: {@code {"error_code": ..., "message": ...}}. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String errorCode;

  ApiException(int status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /**
   * How a refusal names the existing object it conflicts with: {@code 'name' (detail)}, the detail
   * being the field that tells it apart (a metastore's id, an external location's url).
   */
  static String existing(JsonNode o, String detailField) {
    return "'" + Json.text(o, "name") + "' (" + Json.text(o, detailField) + ")";
  }

  static ApiException invalid(String message) {
    return new ApiException(400, "INVALID_PARAMETER_VALUE", message);
  }

  static ApiException missing(String field) {
    return invalid("Missing required field: " + field);
  }

  static ApiException malformed(String message) {
    return new ApiException(400, "MALFORMED_REQUEST", message);
  }

  static ApiException invalidState(String message) {
    return new ApiException(400, "INVALID_STATE", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "RESOURCE_DOES_NOT_EXIST", message);
  }

  static ApiException notFound(String errorCode, String message) {
    return new ApiException(404, errorCode, message);
  }

  static ApiException exists(String message) {
    return new ApiException(409, "RESOURCE_ALREADY_EXISTS", message);
  }

  static ApiException exists(String errorCode, String message) {
    return new ApiException(409, errorCode, message);
  }
}
