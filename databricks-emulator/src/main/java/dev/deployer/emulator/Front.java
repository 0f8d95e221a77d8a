package dev.deployer.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns HTTP exchanges into handler calls: admin and discovery paths first, then bearer-token auth,
 * fault injection, routing, workspace resolution, and the real error shape.
 */
final class Front implements HttpHandler {
  private final Router router;
  private final Store store;
  private final Faults faults;
  private final Workspaces workspaces;

  Front(Router router, Store store, Faults faults, Workspaces workspaces) {
    this.router = router;
    this.store = store;
    this.faults = faults;
    this.workspaces = workspaces;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    HttpResp resp;
    try {
      resp = dispatch(read(ex));
    } catch (ApiException e) {
      resp = HttpResp.error(e);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // Answer even when the emulator itself is broken: a client left without a response waits
      // for its read timeout instead of seeing the error.
      resp = HttpResp.error(new ApiException(500, "INTERNAL_ERROR", "Emulator error: " + e));
    }
    write(ex, resp);
  }

  private static HttpReq read(HttpExchange ex) throws IOException {
    Map<String, String> headers = new HashMap<>();
    ex.getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
              }
            });
    byte[] body = ex.getRequestBody().readAllBytes();
    return new HttpReq(
        ex.getRequestMethod().toUpperCase(Locale.ROOT),
        ex.getRequestURI().getRawPath(),
        query(ex.getRequestURI().getRawQuery()),
        headers,
        body);
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private HttpResp dispatch(HttpReq req) {
    String path = req.path;
    if (path.equals("/.well-known/databricks-config")
        || path.startsWith("/oidc/.well-known/")
        || path.equals("/favicon.ico")) {
      // The SDK probes these on start and tolerates a 404.
      throw ApiException.notFound("NOT_FOUND", "Not served by the emulator: " + path);
    }
    boolean api = path.startsWith("/api/");
    if (api) {
      String auth = req.header("Authorization");
      if (auth == null
          || !auth.regionMatches(true, 0, "Bearer ", 0, 7)
          || auth.substring(7).isBlank()) {
        throw new ApiException(
            401,
            "UNAUTHENTICATED",
            "Credential was not sent or was of an unsupported type for this API.");
      }
      Optional<HttpResp> fault = faults.apply(req.method, Router.decode(path));
      if (fault.isPresent()) {
        return fault.get();
      }
    }
    Router.Match m = router.match(req.method, path);
    if (m == null) {
      throw new ApiException(
          404, "ENDPOINT_NOT_FOUND", "No API found for '" + req.method + " " + path + "'");
    }
    req.params = m.params();
    Router.Route route = m.route();
    return store.apply(
        s -> {
          try {
            if (route.scope() == Router.Scope.WORKSPACE) {
              req.workspace = workspaces.resolve(req, s);
            }
            return route.handler().handle(req, s);
          } catch (ApiException e) {
            return HttpResp.error(e);
          }
        });
  }

  private static void write(HttpExchange ex, HttpResp resp) throws IOException {
    try (ex) {
      resp.headers().forEach((k, v) -> ex.getResponseHeaders().put(k, List.of(v)));
      if (resp.body() == null) {
        ex.sendResponseHeaders(resp.status(), -1);
        return;
      }
      byte[] bytes = Json.MAPPER.writeValueAsBytes(resp.body());
      ex.getResponseHeaders().put("Content-Type", List.of("application/json"));
      ex.sendResponseHeaders(resp.status(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
