package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.OPEN;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.sandbox.FormEncoding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth for service principals (M2M, client credentials) as the SDKs use it: the OIDC discovery
 * document and the token endpoint of the account ({@code /oidc/accounts/{id}/...}) and of each
 * workspace host ({@code /oidc/...}). A client is a service principal's application id with a
 * secret registered through the admin API; the token it gets is accepted on the account and the
 * account's workspace hosts until it expires. Personal access tokens ({@code dapi...}) are refused
 * on the account API, as by the service, when {@link #refusePatOnAccount} is on.
 */
final class OAuthApi {
  /** The sandbox's own client: the seeded "ci-deployer" service principal. Not a secret. */
  static final String SANDBOX_CLIENT_ID = "6f1e2d3c-4b5a-4968-8776-655443322110";

  static final String SANDBOX_CLIENT_SECRET = "sandbox-oauth-not-a-secret";

  private static final long TOKEN_SECONDS = 3600;

  record Issued(String accountId, String clientId, long expiresAt) {}

  private final Ctx ctx;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
  volatile boolean refusePatOnAccount;

  OAuthApi(Ctx ctx) {
    this.ctx = ctx;
    secrets.put(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
  }

  void register(Router r) {
    String acct = "/oidc/accounts/{account_id}";
    r.add("GET", acct + "/.well-known/oauth-authorization-server", OPEN, this::accountDiscovery);
    r.add("POST", acct + "/v1/token", OPEN, (q, s) -> token(q, q.param("account_id")));
    r.add("GET", "/oidc/.well-known/oauth-authorization-server", OPEN, this::workspaceDiscovery);
    r.add("POST", "/oidc/v1/token", OPEN, (q, s) -> token(q, workspaceAccount(q, s)));
    r.add("POST", AdminApi.PREFIX + "/oauth-clients", OPEN, this::addClient);
    r.add("PUT", AdminApi.PREFIX + "/oauth", OPEN, this::settings);
  }

  private static String base(HttpReq q) {
    String host = q.header("Host");
    return "http://" + (host == null ? "127.0.0.1" : host);
  }

  private static ObjectNode discovery(String issuer) {
    ObjectNode d =
        Json.obj()
            .put("issuer", issuer)
            .put("authorization_endpoint", issuer + "/v1/authorize")
            .put("token_endpoint", issuer + "/v1/token")
            .put("jwks_uri", issuer + "/jwks.json");
    d.putArray("grant_types_supported").add("client_credentials").add("authorization_code");
    d.putArray("token_endpoint_auth_methods_supported")
        .add("client_secret_basic")
        .add("client_secret_post");
    return d;
  }

  private HttpResp accountDiscovery(HttpReq q, State s) {
    return HttpResp.ok(discovery(base(q) + "/oidc/accounts/" + q.param("account_id")));
  }

  private HttpResp workspaceDiscovery(HttpReq q, State s) {
    workspaceAccount(q, s);
    return HttpResp.ok(discovery(base(q) + "/oidc"));
  }

  /** The account of the workspace whose host the request names. */
  private static String workspaceAccount(HttpReq q, State s) {
    String deployment = Workspaces.deploymentOf(q.header("Host"));
    Map.Entry<String, ObjectNode> hit =
        deployment == null ? null : Workspaces.findByDeployment(s, deployment);
    if (hit == null) {
      throw ApiException.notFound(
          "NOT_FOUND", "No workspace is served at host " + q.header("Host") + ".");
    }
    return hit.getKey();
  }

  /** RFC 6749 client credentials; client authentication by Basic header or form fields. */
  private HttpResp token(HttpReq q, String accountId) {
    Map<String, String> form = FormEncoding.decode(new String(q.rawBody(), StandardCharsets.UTF_8));
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    String auth = q.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      String pair;
      try {
        pair =
            new String(
                Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return oauthError(401, "invalid_client", "Malformed Basic credentials.");
      }
      int colon = pair.indexOf(':');
      if (colon > 0) {
        id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
        secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
      }
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
    }
    if (id == null || secret == null || !secret.equals(secrets.get(id))) {
      return oauthError(401, "invalid_client", "Client authentication failed.");
    }
    String token = "emu-oauth-" + ctx.hex(32);
    tokens.put(token, new Issued(accountId, id, ctx.now() + TOKEN_SECONDS * 1000));
    return HttpResp.ok(
        Json.obj()
            .put("access_token", token)
            .put("token_type", "Bearer")
            .put("expires_in", TOKEN_SECONDS)
            .put("scope", form.getOrDefault("scope", "all-apis")));
  }

  private static HttpResp oauthError(int status, String error, String description) {
    return new HttpResp(
        status, Json.obj().put("error", error).put("error_description", description), Map.of());
  }

  /**
   * Null when the bearer token may call this API, else the refusal: an expired or unknown OAuth
   * token of this emulator, or a personal access token on the account API.
   */
  ApiException check(String token, boolean accountApi) {
    if (token.startsWith("emu-oauth-")) {
      Issued t = tokens.get(token);
      if (t == null || t.expiresAt() < ctx.now()) {
        return new ApiException(401, "UNAUTHENTICATED", "Invalid or expired access token.");
      }
      return null;
    }
    if (accountApi && refusePatOnAccount && token.startsWith("dapi")) {
      return new ApiException(
          401,
          "UNAUTHENTICATED",
          "Personal access tokens cannot be used with the account API; use OAuth.");
    }
    return null;
  }

  /** The OAuth client an emulator token was issued to, or null (not an OAuth token of ours). */
  String clientOf(String token) {
    Issued t = tokens.get(token);
    return t == null ? null : t.clientId();
  }

  /** Body {"client_id": "...", "client_secret": "..."}: that client may get tokens. */
  private HttpResp addClient(HttpReq q, State s) {
    String id = Json.required(q.json(), "client_id");
    String secret = Json.required(q.json(), "client_secret");
    secrets.put(id, secret);
    return HttpResp.ok(Json.obj().put("client_id", id));
  }

  /** Body {"refuse_pat_on_account": true}. */
  private HttpResp settings(HttpReq q, State s) {
    refusePatOnAccount = Json.bool(q.json(), "refuse_pat_on_account", refusePatOnAccount);
    return HttpResp.ok(Json.obj().put("refuse_pat_on_account", refusePatOnAccount));
  }
}
