package dev.deployer.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches method + path templates like {@code /api/2.0/accounts/{account_id}/credentials/{id}}.
 * Small on purpose: segment-by-segment, first registered match wins.
 */
final class Router {
  /** Who may call a route and what context it gets. */
  enum Scope {
    /** No auth (discovery endpoints, admin API). */
    OPEN,
    /** Account API: bearer token, account id in the path. */
    ACCOUNT,
    /** Workspace API: bearer token, workspace resolved from Host or header. */
    WORKSPACE
  }

  interface Handler {
    HttpResp handle(HttpReq req, State state);
  }

  /** Finds the object a request names by {@code key}: the object, or the API's own refusal. */
  interface Lookup {
    ObjectNode find(HttpReq req, State state, String key);
  }

  /**
   * {@code GET .../get?<param>=<key>} as the workspace 2.0 APIs serve it (clusters, cluster
   * policies, workspace get-status): the object the query parameter names, bare, without the
   * emulator's own fields.
   */
  static Handler getByQuery(String param, Lookup lookup) {
    return (q, s) -> HttpResp.ok(Json.visible(lookup.find(q, s, q.query(param))));
  }

  record Route(String method, String[] segments, Scope scope, Handler handler) {}

  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String template, Scope scope, Handler handler) {
    routes.add(new Route(method, split(template), scope, handler));
  }

  /** Matches a raw (still percent-encoded) path; each segment is decoded on its own. */
  Match match(String method, String rawPath) {
    String[] parts = split(rawPath);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = decode(parts[i]);
    }
    for (Route r : routes) {
      if (!r.method.equals(method) || r.segments.length != parts.length) {
        continue;
      }
      Map<String, String> params = matchSegments(r.segments, parts);
      if (params != null) {
        return new Match(r, params);
      }
    }
    return null;
  }

  private static Map<String, String> matchSegments(String[] template, String[] parts) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), parts[i]);
      } else if (!t.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  static String decode(String segment) {
    return java.net.URLDecoder.decode(
        segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Splits a path into segments, dropping leading and trailing slashes. */
  static String[] split(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
