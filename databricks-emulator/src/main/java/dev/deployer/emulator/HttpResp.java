package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A handler's answer: status, optional JSON body, extra headers. */
record HttpResp(int status, JsonNode body, Map<String, String> headers) {
  static HttpResp ok(JsonNode body) {
    return new HttpResp(200, body, Map.of());
  }

  static HttpResp empty() {
    return ok(Json.obj());
  }

  static HttpResp noContent() {
    return new HttpResp(204, null, Map.of());
  }

  static HttpResp error(ApiException e) {
    return new HttpResp(
        e.status,
        Json.obj().put("error_code", e.errorCode).put("message", e.getMessage()),
        Map.of());
  }
}
