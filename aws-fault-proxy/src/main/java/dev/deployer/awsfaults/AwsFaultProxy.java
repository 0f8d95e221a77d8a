package dev.deployer.awsfaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deployer.awsfaults.AwsErrorReplies.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A loopback HTTP proxy in front of an AWS emulator that answers some calls the way AWS does when
 * it is busy or not yet consistent ({@link Faults}). Its own control API lives under {@code
 * /_faults}; everything else, the emulators' own APIs included, goes to the emulator.
 */
public final class AwsFaultProxy implements AutoCloseable {
  static final String ADMIN = "/_faults";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "expect",
          "upgrade",
          "te",
          "trailer",
          "proxy-connection");
  private static final Set<String> RESETS = Set.of("/moto-api/reset", "/_localstack/state/reset");

  private final HttpServer server;
  private final ExecutorService pool;
  private final HttpClient upstreamClient;
  private final URI upstream;
  private final Faults faults;
  private final Permissions permissions = new Permissions();
  private final ConcurrentHashMap<String, Object> createLocks = new ConcurrentHashMap<>();
  private final Consumer<String> log;

  private AwsFaultProxy(
      int port, URI upstream, Faults faults, Consumer<String> log, ExecutorService pool)
      throws IOException {
    this.upstream = upstream;
    this.faults = faults;
    this.log = log;
    this.pool = pool;
    this.upstreamClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a proxy on {@code 127.0.0.1:port} (0 picks a free port) in front of {@code upstream}
   * with {@code rules}; {@code log} hears about every injected fault.
   */
  public static AwsFaultProxy start(
      int port, String upstream, String rulesJson, Clock clock, Consumer<String> log) {
    try {
      Config c = Config.parse(rulesJson);
      ExecutorService pool =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "aws-fault-proxy");
                t.setDaemon(true);
                return t;
              });
      return new AwsFaultProxy(
          port,
          URI.create(upstream.replaceAll("/+$", "")),
          new Faults(clock, c.rules(), c.seed()),
          log,
          pool);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  /** The rules the sandbox runs with unless told otherwise. */
  public static String defaultRules() {
    try (InputStream in = AwsFaultProxy.class.getResourceAsStream("sandbox-faults.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing resource sandbox-faults.json", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Replaces the rules (same JSON as the admin API's PUT). */
  public void setRules(String rulesJson) {
    Config c = Config.parse(rulesJson);
    faults.set(c.rules(), c.seed());
  }

  /** The rules and how many faults of each code were injected, as the admin API's GET. */
  public String state() {
    return faults.toJson().toString();
  }

  /** How many faults with this code (e.g. {@code InvalidVpcID.NotFound}, {@code ec2:503}). */
  public int injected(String code) {
    JsonNode n = faults.toJson().path("injected").path(code);
    return n.asInt(0);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  record Config(List<FaultRule> rules, long seed) {
    static Config parse(String json) {
      try {
        JsonNode n = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        JsonNode arr = n.isArray() ? n : n.path("rules");
        List<FaultRule> rules = new ArrayList<>();
        for (JsonNode r : arr) {
          rules.add(FaultRule.fromJson(r));
        }
        return new Config(rules, n.path("seed").asLong(1));
      } catch (IOException e) {
        throw new IllegalArgumentException("rules are not JSON: " + e.getMessage());
      }
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      if (path.equals(ADMIN) || path.startsWith(ADMIN + "/")) {
        admin(ex, path, body);
        return;
      }
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      boolean emulatorApi = path.startsWith("/moto-api") || path.startsWith("/_localstack");
      AwsCall call =
          emulatorApi
              ? null
              : AwsCall.parse(
                  method,
                  path,
                  ex.getRequestURI().getRawQuery(),
                  ex.getRequestHeaders().getFirst("Authorization"),
                  body);
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (call != null && target != null && !"s3".equals(call.service())) {
        // JSON protocols (Service Quotas) name the operation in a header, not in the path.
        call = call.withAction(target.substring(target.indexOf('.') + 1));
      }
      if (call != null) {
        permissions.count(call);
        Optional<Reply> fault = faults.before(call);
        if (fault.isPresent()) {
          Reply r = fault.get();
          log.accept("injected " + r.status() + " for " + call.describe());
          send(ex, r.status(), r.headers(), r.body());
          return;
        }
        Optional<Reply> own = permissions.before(call);
        if (own.isPresent()) {
          Reply r = own.get();
          log.accept("answered " + r.status() + " for " + call.describe() + " (permissions)");
          send(ex, r.status(), r.headers(), r.body());
          return;
        }
      }
      if (call != null && call.is("s3", "CreateBucket")) {
        List<Map.Entry<String, String>> tags = BucketTagsOnCreate.tags(call.body());
        if (!tags.isEmpty()) {
          createBucketWithTags(ex, call, body, tags);
          return;
        }
      }
      HttpResponse<byte[]> resp = forward(ex, method, body);
      if (RESETS.contains(path) && resp.statusCode() / 100 == 2) {
        faults.forget();
      }
      byte[] out = resp.body();
      if (call != null) {
        String text = new String(out, StandardCharsets.UTF_8);
        String edited = faults.after(call, resp.statusCode(), text);
        if (!edited.equals(text)) {
          out = edited.getBytes(StandardCharsets.UTF_8);
        }
      }
      Map<String, List<String>> headers = resp.headers().map();
      send(ex, resp.statusCode(), headers, out, "HEAD".equals(method));
    } catch (RuntimeException e) {
      log.accept("proxy error: " + e);
      sendPlain(ex, 502, "aws-fault-proxy: " + e.getMessage());
    }
  }

  /**
   * {@link BucketTagsOnCreate}: the create and its tags before one answer, so no client sees (or
   * leaves behind, by dying) the bucket without them; a bucket this account already owns is refused
   * as S3 refuses a create with tags, and a create whose tags the emulator refuses (or that cannot
   * be tagged at all) is undone. Creates of one name go one at a time: between the ownership check
   * and the create no other create of that name may slip in, or two clients would both be answered
   * 200 in us-east-1 and the second would overwrite the first's tags, the proof of ownership.
   */
  private void createBucketWithTags(
      HttpExchange ex, AwsCall call, byte[] body, List<Map.Entry<String, String>> tags)
      throws IOException {
    Optional<String> refused = BucketTagsOnCreate.refusal(tags);
    if (refused.isPresent()) {
      Reply r = AwsErrorReplies.error(call, 400, "InvalidTag", refused.get());
      log.accept("CreateBucket of " + call.bucket() + " refused: " + refused.get());
      send(ex, r.status(), r.headers(), r.body());
      return;
    }
    Object lock = createLocks.computeIfAbsent(call.bucket(), k -> new Object());
    synchronized (lock) {
      HttpResponse<byte[]> owned = upstreamCall(ex, "GET", "/", new byte[0], true);
      if (owned.statusCode() != 200) {
        // Without the list the proxy cannot tell an owned bucket, whose tags a create would
        // overwrite; S3 answers such a moment with 500 and the SDK retries.
        log.accept(
            "CreateBucket of "
                + call.bucket()
                + ": ListBuckets answered "
                + owned.statusCode()
                + "; answered 500");
        sendInternalError(ex, call);
        return;
      }
      if (BucketTagsOnCreate.lists(
          new String(owned.body(), StandardCharsets.UTF_8), call.bucket())) {
        Reply r =
            AwsErrorReplies.error(
                call,
                409,
                "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own"
                    + " it.");
        send(ex, r.status(), r.headers(), r.body());
        return;
      }
      HttpResponse<byte[]> created = forward(ex, "PUT", body);
      if (created.statusCode() / 100 != 2) {
        send(ex, created.statusCode(), created.headers().map(), created.body(), false);
        return;
      }
      // Not listed before, created now: the bucket is this call's own, so undoing it is safe.
      String bucketPath = ex.getRequestURI().getRawPath();
      HttpResponse<byte[]> tagged;
      try {
        tagged =
            upstreamCall(
                ex, "PUT", bucketPath + "?tagging", BucketTagsOnCreate.taggingBody(tags), true);
      } catch (IOException e) {
        undo(ex, call, bucketPath, "its tagging failed: " + e.getMessage());
        sendInternalError(ex, call);
        return;
      }
      if (tagged.statusCode() / 100 != 2) {
        undo(ex, call, bucketPath, "its tags were refused (" + tagged.statusCode() + ")");
        send(ex, tagged.statusCode(), tagged.headers().map(), tagged.body(), false);
        return;
      }
      send(ex, created.statusCode(), created.headers().map(), created.body(), false);
    }
  }

  /** Deletes a bucket this proxy just created, and logs what came of it. */
  private void undo(HttpExchange ex, AwsCall call, String bucketPath, String why) {
    String outcome;
    try {
      int status = upstreamCall(ex, "DELETE", bucketPath, new byte[0], true).statusCode();
      outcome = status / 100 == 2 ? "undone" : "NOT undone (DeleteBucket answered " + status + ")";
    } catch (IOException e) {
      outcome = "NOT undone (DeleteBucket failed: " + e.getMessage() + ")";
    }
    log.accept("CreateBucket of " + call.bucket() + " " + outcome + ": " + why);
  }

  private void sendInternalError(HttpExchange ex, AwsCall call) throws IOException {
    Reply r =
        AwsErrorReplies.error(
            call, 500, "InternalError", "We encountered an internal error. Please try again.");
    send(ex, r.status(), r.headers(), r.body());
  }

  private HttpResponse<byte[]> forward(HttpExchange ex, String method, byte[] body)
      throws IOException {
    String rawQuery = ex.getRequestURI().getRawQuery();
    return upstreamCall(
        ex,
        method,
        ex.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery),
        body,
        false);
  }

  /**
   * A call to the emulator with the client's headers (its credentials name the emulated account);
   * {@code own} for a call of the proxy's making, which drops the headers that describe the
   * client's body (the emulators do not check the signature).
   */
  private HttpResponse<byte[]> upstreamCall(
      HttpExchange ex, String method, String pathAndQuery, byte[] body, boolean own)
      throws IOException {
    URI target = URI.create(upstream + pathAndQuery);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              boolean describesBody =
                  lower.equals("content-type")
                      || lower.equals("content-md5")
                      || lower.equals("content-encoding")
                      || lower.startsWith("x-amz-checksum")
                      || lower.startsWith("x-amz-sdk-checksum")
                      || lower.equals("x-amz-content-sha256")
                      || lower.equals("x-amz-decoded-content-length");
              // The create's settings, which the proxy's own calls (list, tag, delete) must not
              // carry to the emulator.
              boolean createSettings =
                  lower.equals("x-amz-acl")
                      || lower.startsWith("x-amz-grant-")
                      || lower.startsWith("x-amz-bucket-object-lock")
                      || lower.equals("x-amz-object-ownership");
              if (!HOP_BY_HOP.contains(lower) && !(own && (describesBody || createSettings))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    try {
      return upstreamClient.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void admin(HttpExchange ex, String path, byte[] body) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    try {
      if (path.equals(ADMIN + "/health")) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", "ok").put("upstream", upstream.toString());
        sendJson(ex, 200, o.toString());
        return;
      }
      if (path.equals(ADMIN + "/permissions")) {
        if (method.equals("PUT") || method.equals("POST")) {
          permissions.set(JSON.readTree(body.length == 0 ? "{}".getBytes() : body));
          log.accept("permissions set: " + permissions.toJson());
        } else if (method.equals("DELETE")) {
          permissions.set(JSON.readTree("{\"denied_actions\":[]}"));
        }
        sendJson(ex, 200, permissions.toJson().toString());
        return;
      }
      if (path.equals(ADMIN + "/calls")) {
        if (method.equals("DELETE")) {
          permissions.forgetCalls();
        }
        sendJson(ex, 200, permissions.callsJson().toString());
        return;
      }
      if (path.equals(ADMIN + "/forget") && method.equals("POST")) {
        faults.forget();
        sendJson(ex, 200, faults.toJson().toString());
        return;
      }
      if (!path.equals(ADMIN)) {
        sendJson(ex, 404, "{\"error\":\"no such admin path: " + path + "\"}");
        return;
      }
      switch (method) {
        case "GET" -> sendJson(ex, 200, faults.toJson().toString());
        case "PUT", "POST" -> {
          setRules(new String(body, StandardCharsets.UTF_8));
          log.accept("rules set: " + faults.toJson().path("rules"));
          sendJson(ex, 200, faults.toJson().toString());
        }
        case "DELETE" -> {
          faults.set(List.of(), 1);
          sendJson(ex, 200, faults.toJson().toString());
        }
        default -> sendJson(ex, 405, "{\"error\":\"method not allowed\"}");
      }
    } catch (IllegalArgumentException e) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("error", e.getMessage());
      sendJson(ex, 400, o.toString());
    }
  }

  private static void sendJson(HttpExchange ex, int status, String json) throws IOException {
    send(
        ex,
        status,
        Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendPlain(HttpExchange ex, int status, String text) throws IOException {
    send(ex, status, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    send(ex, status, multi, body, "HEAD".equalsIgnoreCase(ex.getRequestMethod()));
  }

  private static void send(
      HttpExchange ex, int status, Map<String, List<String>> headers, byte[] body, boolean head)
      throws IOException {
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!HOP_BY_HOP.contains(lower) && !lower.equals(":status")) {
            ex.getResponseHeaders().put(name, values);
          }
        });
    boolean empty = head || body.length == 0 || status == 204 || status == 304;
    ex.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }
}
