package dev.deployer.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.deployer.sandbox.FormEncoding;
import java.io.IOException;
import java.io.OutputStream;
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
  private static final java.util.regex.Pattern ACCOUNT_PATH =
      java.util.regex.Pattern.compile("/api/[^/]+/accounts/");

  private final Router router;
  private final Store store;
  private final Faults faults;
  private final Workspaces workspaces;
  private final OAuthApi oauth;

  Front(Router router, Store store, Faults faults, Workspaces workspaces, OAuthApi oauth) {
    this.router = router;
    this.store = store;
    this.faults = faults;
    this.workspaces = workspaces;
    this.oauth = oauth;
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
    HttpReq req =
        new HttpReq(
            ex.getRequestMethod().toUpperCase(Locale.ROOT),
            ex.getRequestURI().getRawPath(),
            FormEncoding.decode(ex.getRequestURI().getRawQuery()),
            headers,
            body);
    if (ex.getRemoteAddress() != null && ex.getRemoteAddress().getAddress() != null) {
      req.remoteAddress = ex.getRemoteAddress().getAddress().getHostAddress();
    }
    return req;
  }

  /** {@code /api/2.0/accounts/ID/...} -> ID. */
  private static String accountOf(String path) {
    String rest = path.substring(path.indexOf("/accounts/") + "/accounts/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** Every API request by method and path, for tests that prove a command only reads. */
  private final Map<String, java.util.concurrent.atomic.LongAdder> requests =
      new java.util.concurrent.ConcurrentHashMap<>();

  private HttpResp requestLog(HttpReq req) {
    if (req.method.equals("DELETE")) {
      requests.clear();
    }
    var counts = Json.obj();
    new java.util.TreeMap<>(requests).forEach((k, v) -> counts.put(k, v.sum()));
    return HttpResp.ok(Json.obj().set("requests", counts));
  }

  private HttpResp dispatch(HttpReq req) {
    String path = req.path;
    if (path.equals(AdminApi.PREFIX + "/requests")) {
      return requestLog(req);
    }
    if (!path.startsWith(AdminApi.PREFIX + "/")) {
      requests
          .computeIfAbsent(
              req.method + " " + path, k -> new java.util.concurrent.atomic.LongAdder())
          .increment();
    }
    if (path.equals("/favicon.ico")) {
      throw ApiException.notFound("NOT_FOUND", "Not served by the emulator: " + path);
    }
    if (!path.startsWith(AdminApi.PREFIX + "/")) {
      // A new workspace host is not there at all for a while, then answers unreliably.
      Optional<HttpResp> lag =
          store.apply(s -> Optional.ofNullable(workspaces.reachability(req, s)));
      if (lag.isPresent()) {
        return lag.get();
      }
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
      String token = auth.substring(7).trim();
      boolean accountApi = ACCOUNT_PATH.matcher(path).lookingAt();
      ApiException refused = oauth.check(token, accountApi);
      if (refused != null) {
        throw refused;
      }
      String client = accountApi ? oauth.clientOf(token) : null;
      if (client != null) {
        String accountId = accountOf(path);
        ApiException notAdmin = store.apply(s -> IdentityApi.refuseNonAdmin(s, accountId, client));
        if (notAdmin != null) {
          throw notAdmin;
        }
      }
      Optional<HttpResp> fault = faults.apply(req.method, Router.decode(path));
      if (fault.isPresent() && fault.get() != Faults.CUT_AFTER_HANDLING) {
        return fault.get();
      }
      if (fault.isPresent()) {
        return HttpResp.cutShort(route(req));
      }
    }
    return route(req);
  }

  private HttpResp route(HttpReq req) {
    String path = req.path;
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
              IpAccessListsApi.enforce(req, s);
              // The service names the workspace (its org id) on every workspace-scoped answer;
              // clients read their workspace id from it.
              return route
                  .handler()
                  .handle(req, s)
                  .withHeader("X-Databricks-Org-Id", Long.toString(req.workspace.workspaceId()));
            }
            return route.handler().handle(req, s);
          } catch (ApiException e) {
            HttpResp err = HttpResp.error(e);
            return req.workspace == null
                ? err
                : err.withHeader("X-Databricks-Org-Id", Long.toString(req.workspace.workspaceId()));
          }
        });
  }

  private static void write(HttpExchange ex, HttpResp resp) throws IOException {
    String wire = resp.wireFault();
    if (HttpResp.DROP.equals(wire)) {
      // Closing before any response header makes the JDK server close the socket: the client
      // sees the connection end without an answer.
      ex.close();
      return;
    }
    if (HttpResp.CUT.equals(wire)) {
      byte[] full = resp.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(resp.body());
      cut(ex, resp.status(), full.length < 2 ? "{}".getBytes(StandardCharsets.UTF_8) : full);
    }
    try (ex) {
      resp.headers()
          .forEach(
              (k, v) -> {
                if (!k.equals(HttpResp.WIRE)) {
                  ex.getResponseHeaders().put(k, List.of(v));
                }
              });
      byte[] bytes = resp.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(resp.body());
      if (resp.body() == null) {
        ex.sendResponseHeaders(resp.status(), -1);
        return;
      }
      ex.getResponseHeaders().put("Content-Type", List.of("application/json"));
      ex.sendResponseHeaders(resp.status(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Declares the whole body, sends half of it, then ends the connection: a response cut short. */
  private static void cut(HttpExchange ex, int status, byte[] bytes) throws IOException {
    ex.getResponseHeaders().put("Content-Type", List.of("application/json"));
    ex.sendResponseHeaders(status == 204 ? 200 : status, bytes.length);
    OutputStream out = ex.getResponseBody();
    out.write(bytes, 0, bytes.length / 2);
    out.flush();
    // An exception out of the handler makes the JDK server close the socket mid-body; closing the
    // stream instead would leave the connection open and the client waiting for the rest.
    throw new IOException("answer cut short on purpose (emulator I/O fault)");
  }
}
