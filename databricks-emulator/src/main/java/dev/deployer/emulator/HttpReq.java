package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/** One parsed request, as handlers see it. */
final class HttpReq {
  final String method;
  final String path;
  final Map<String, String> query;
  final Map<String, String> headers;
  private final byte[] body;
  Map<String, String> params = Map.of();
  private JsonNode json;

  /** The caller's address as the server sees it (IP access lists judge it); null when unknown. */
  String remoteAddress;

  /** Set by the front for workspace-level routes. */
  Workspaces.Ref workspace;

  HttpReq(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
  }

  String param(String name) {
    return params.get(name);
  }

  String query(String name) {
    String v = query.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  boolean queryFlag(String name) {
    return "true".equalsIgnoreCase(query.get(name));
  }

  /** Lower-cased header name lookup. */
  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  JsonNode json() {
    if (json == null) {
      if (body.length == 0) {
        json = Json.obj();
      } else {
        try {
          json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
          throw ApiException.malformed("Malformed JSON request body: " + e.getMessage());
        }
        if (json == null || json.isMissingNode()) {
          json = Json.obj();
        }
      }
    }
    return json;
  }

  /** The body as sent (form-encoded token requests are not JSON). */
  byte[] rawBody() {
    return body;
  }
}
