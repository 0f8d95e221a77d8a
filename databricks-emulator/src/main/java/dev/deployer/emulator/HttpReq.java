package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /**
   * The object the numeric path parameter {@code name} names in {@code objects}, else the API's 404
   * "{@code label} {value} does not exist." (a value that is not a number names nothing either).
   */
  ObjectNode numbered(Map<Long, ObjectNode> objects, String name, String label) {
    ObjectNode o = null;
    try {
      o = objects.get(Long.parseLong(param(name)));
    } catch (NumberFormatException e) {
      // 404 below
    }
    if (o == null) {
      throw ApiException.notFound(label + " " + param(name) + " does not exist.");
    }
    return o;
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
