package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A handler's answer: status, optional JSON body, extra headers. */
record HttpResp(int status, JsonNode body, Map<String, String> headers) {
  static HttpResp ok(JsonNode body) {
    return new HttpResp(200, body, Map.of());
  }

  /**
   * A 200 whose body is an object with the one field {@code field}, as most list and get answers.
   */
  static HttpResp ok(String field, JsonNode value) {
    ObjectNode out = Json.obj();
    out.set(field, value);
    return ok(out);
  }

  static HttpResp empty() {
    return ok(Json.obj());
  }

  static HttpResp noContent() {
    return new HttpResp(204, null, Map.of());
  }

  /**
   * Internal header that tells the front end to misbehave on the wire instead of answering: {@link
   * #DROP} closes the connection without a response, {@link #CUT} sends the headers and half the
   * body, then closes. Never sent to a client.
   */
  static final String WIRE = "X-Emulator-Wire-Fault";

  static final String DROP = "drop";
  static final String CUT = "cut";

  /** No answer at all: the connection is closed as if the host were not there. */
  static HttpResp dropConnection() {
    return new HttpResp(0, null, Map.of(WIRE, DROP));
  }

  /** This answer, cut short: the declared length is the full body's, half of it arrives. */
  static HttpResp cutShort(HttpResp full) {
    java.util.Map<String, String> h = new java.util.HashMap<>(full.headers());
    h.put(WIRE, CUT);
    return new HttpResp(full.status(), full.body(), Map.copyOf(h));
  }

  String wireFault() {
    return headers.get(WIRE);
  }

  /** The same answer with one more header. */
  HttpResp withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new HttpResp(status, body, Map.copyOf(h));
  }

  static HttpResp error(ApiException e) {
    return new HttpResp(
        e.status,
        Json.obj().put("error_code", e.errorCode).put("message", e.getMessage()),
        Map.of());
  }
}
