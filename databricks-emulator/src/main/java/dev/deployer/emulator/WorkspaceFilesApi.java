package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Git folders (repos) and the workspace object tree (import, mkdirs, get-status, export). */
record WorkspaceFilesApi(Ctx ctx) {
  private static final Set<String> FORMATS =
      Set.of("AUTO", "DBC", "HTML", "JUPYTER", "RAW", "R_MARKDOWN", "SOURCE");
  private static final Set<String> LANGUAGES = Set.of("PYTHON", "R", "SCALA", "SQL");
  private static final Map<String, String> EXTENSIONS =
      Map.of("PYTHON", "py", "SQL", "sql", "SCALA", "scala", "R", "r");
  private static final List<String> PROVIDERS =
      List.of(
          "gitHub",
          "bitbucketCloud",
          "gitLab",
          "azureDevOpsServices",
          "gitHubEnterprise",
          "bitbucketServer",
          "gitLabEnterpriseEdition",
          "awsCodeCommit");

  void register(Router r) {
    r.add("POST", "/api/2.0/repos", WORKSPACE, this::createRepo);
    r.add("GET", "/api/2.0/repos", WORKSPACE, this::listRepos);
    r.add(
        "GET",
        "/api/2.0/repos/{repo_id}",
        WORKSPACE,
        (q, s) -> HttpResp.ok(Json.visible(repo(q, s))));
    r.add("PATCH", "/api/2.0/repos/{repo_id}", WORKSPACE, this::updateRepo);
    r.add("DELETE", "/api/2.0/repos/{repo_id}", WORKSPACE, this::deleteRepo);
    String w = "/api/2.0/workspace";
    r.add("POST", w + "/import", WORKSPACE, this::importObject);
    r.add("POST", w + "/mkdirs", WORKSPACE, this::mkdirs);
    r.add("GET", w + "/get-status", WORKSPACE, Router.getByQuery("path", this::object));
    r.add("GET", w + "/export", WORKSPACE, this::export);
    r.add("GET", w + "/list", WORKSPACE, this::list);
    r.add("POST", w + "/delete", WORKSPACE, this::delete);
  }

  private State.WorkspaceData data(HttpReq q, State s) {
    State.WorkspaceData d = s.workspaceData(q);
    for (String root :
        List.of(
            "/",
            "/Users",
            "/Shared",
            "/Repos",
            "/Users/" + IdentityApi.ME_USER,
            "/Repos/" + IdentityApi.ME_USER)) {
      if (!d.objects.containsKey(root)) {
        d.objects.put(root, node("DIRECTORY", root));
      }
    }
    return d;
  }

  private ObjectNode node(String type, String path) {
    long now = ctx.now();
    return Json.obj()
        .put("object_type", type)
        .put("object_id", ctx.numericId(15))
        .put("path", path)
        .put("created_at", now)
        .put("modified_at", now);
  }

  static String normalize(String path) {
    if (path == null) {
      throw ApiException.missing("path");
    }
    if (!path.startsWith("/")) {
      throw ApiException.invalid("Path (" + path + ") must be absolute.");
    }
    String p = path.replaceAll("/+", "/");
    if (p.startsWith("/Workspace/")) {
      p = p.substring("/Workspace".length());
    }
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? "/" : path.substring(0, i);
  }

  private ObjectNode object(HttpReq q, State s, String rawPath) {
    String path = normalize(rawPath);
    ObjectNode o = data(q, s).objects.get(path);
    if (o == null) {
      throw ApiException.notFound("Path (" + rawPath + ") doesn't exist.");
    }
    return o;
  }

  private static boolean isContainer(ObjectNode o) {
    String t = Json.text(o, "object_type");
    return "DIRECTORY".equals(t) || "REPO".equals(t);
  }

  /** Creates missing directories down to {@code path}; refuses to walk through a file. */
  private void makeDirs(State.WorkspaceData d, String path) {
    List<String> chain = new ArrayList<>();
    for (String p = path; !p.equals("/"); p = parent(p)) {
      chain.add(0, p);
    }
    for (String p : chain) {
      ObjectNode o = d.objects.get(p);
      if (o == null) {
        d.objects.put(p, node("DIRECTORY", p));
      } else if (!isContainer(o)) {
        throw new ApiException(
            400,
            "RESOURCE_ALREADY_EXISTS",
            "Node with name " + p + " already exists and is not a directory.");
      }
    }
  }

  private HttpResp mkdirs(HttpReq q, State s) {
    makeDirs(data(q, s), normalize(Json.text(q.json(), "path")));
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp importObject(HttpReq q, State s) {
    State.WorkspaceData d = data(q, s);
    JsonNode body = q.json();
    String path = normalize(Json.text(body, "path"));
    String format = Json.enumValue(body, "format", FORMATS, "SOURCE");
    String language = Json.enumValue(body, "language", LANGUAGES, null);
    String content = Json.text(body, "content");
    byte[] bytes;
    try {
      bytes = content == null ? new byte[0] : Base64.getDecoder().decode(content);
    } catch (IllegalArgumentException e) {
      throw ApiException.malformed("content is not valid base64.");
    }
    String type = "NOTEBOOK";
    switch (format) {
      case "SOURCE" -> {
        if (language == null) {
          throw ApiException.invalid("language is required when format is SOURCE.");
        }
      }
      case "RAW" -> type = "FILE";
      case "AUTO" -> {
        String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8);
        String ext = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "";
        String lang = languageOf(ext);
        if (head.contains("Databricks notebook source") && lang != null) {
          language = lang;
          path = path.substring(0, path.lastIndexOf('.'));
        } else {
          type = "FILE";
        }
      }
      default -> language = language == null ? "PYTHON" : language;
    }
    ObjectNode parentNode = d.objects.get(parent(path));
    if (parentNode == null || !isContainer(parentNode)) {
      throw ApiException.notFound("The parent folder (" + parent(path) + ") does not exist.");
    }
    ObjectNode existing = d.objects.get(path);
    if (existing != null) {
      if (isContainer(existing) || !Json.bool(body, "overwrite", false)) {
        throw new ApiException(
            400, "RESOURCE_ALREADY_EXISTS", "Path (" + path + ") already exists.");
      }
    }
    ObjectNode o = node(type, path);
    if (existing != null) {
      o.put("object_id", existing.path("object_id").asLong())
          .put("created_at", existing.path("created_at").asLong());
    }
    if ("NOTEBOOK".equals(type)) {
      o.put("language", language);
    }
    o.put("size", bytes.length).put("_content", Base64.getEncoder().encodeToString(bytes));
    d.objects.put(path, o);
    ctx.store.changed();
    return HttpResp.empty();
  }

  private static String languageOf(String ext) {
    for (var e : EXTENSIONS.entrySet()) {
      if (e.getValue().equalsIgnoreCase(ext)) {
        return e.getKey();
      }
    }
    return null;
  }

  private HttpResp export(HttpReq q, State s) {
    ObjectNode o = object(q, s, q.query("path"));
    String format =
        q.query("format") == null ? "SOURCE" : q.query("format").toUpperCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw ApiException.invalid("Invalid export format " + format);
    }
    if (isContainer(o)) {
      throw ApiException.invalid(
          "Path (" + Json.text(o, "path") + ") is a directory; export it as DBC.");
    }
    ObjectNode out =
        Json.obj().put("content", Json.text(o, "_content") == null ? "" : Json.text(o, "_content"));
    String path = Json.text(o, "path");
    String ext =
        "NOTEBOOK".equals(Json.text(o, "object_type"))
            ? EXTENSIONS.getOrDefault(Json.text(o, "language"), "py")
            : path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "";
    out.put("file_type", ext);
    return HttpResp.ok(out);
  }

  private HttpResp list(HttpReq q, State s) {
    ObjectNode dir = object(q, s, q.query("path"));
    if (!isContainer(dir)) {
      throw ApiException.invalid("Path (" + Json.text(dir, "path") + ") is not a directory.");
    }
    String p = Json.text(dir, "path");
    List<ObjectNode> children = new ArrayList<>();
    data(q, s)
        .objects
        .forEach(
            (k, v) -> {
              if (!k.equals(p) && parent(k).equals(p)) {
                children.add(v);
              }
            });
    return HttpResp.ok("objects", Json.visibleAll(children));
  }

  private HttpResp delete(HttpReq q, State s) {
    State.WorkspaceData d = data(q, s);
    JsonNode body = q.json();
    ObjectNode o = object(q, s, Json.text(body, "path"));
    String p = Json.text(o, "path");
    if (List.of("/", "/Users", "/Shared", "/Repos").contains(p)) {
      throw new ApiException(403, "PERMISSION_DENIED", "Path (" + p + ") cannot be deleted.");
    }
    boolean hasChildren = d.objects.keySet().stream().anyMatch(k -> k.startsWith(p + "/"));
    if (hasChildren
        && !Json.bool(body, "recursive", false)
        && !"REPO".equals(Json.text(o, "object_type"))) {
      throw ApiException.invalid("Folder (" + p + ") is not empty; use recursive=true.");
    }
    d.objects.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
    d.repos
        .values()
        .removeIf(
            r -> {
              String rp = Json.text(r, "path");
              return rp.equals(p) || rp.startsWith(p + "/");
            });
    ctx.store.changed();
    return HttpResp.empty();
  }

  // ---- repos ----

  private ObjectNode repo(HttpReq q, State s) {
    return q.numbered(data(q, s).repos, "repo_id", "Repo");
  }

  private static String provider(String given, String url) {
    if (given == null) {
      String u = url.toLowerCase(Locale.ROOT);
      if (u.contains("github.com")) {
        return "gitHub";
      } else if (u.contains("gitlab.com")) {
        return "gitLab";
      } else if (u.contains("bitbucket.org")) {
        return "bitbucketCloud";
      } else if (u.contains("dev.azure.com")) {
        return "azureDevOpsServices";
      }
      throw ApiException.missing("provider");
    }
    for (String p : PROVIDERS) {
      if (p.equalsIgnoreCase(given)) {
        return p;
      }
    }
    throw ApiException.invalid(
        "Invalid git provider '" + given + "'; expected one of " + PROVIDERS);
  }

  private HttpResp createRepo(HttpReq q, State s) {
    State.WorkspaceData d = data(q, s);
    JsonNode body = q.json();
    String url = Json.required(body, "url");
    if (!url.matches("(https?|ssh|git)://.+|git@.+")) {
      throw ApiException.invalid("Invalid git url: " + url);
    }
    String provider = provider(Json.text(body, "provider"), url);
    String name = url.replaceAll("/+$", "").replaceAll(".*/", "").replaceAll("\\.git$", "");
    String path =
        Json.text(body, "path") == null
            ? "/Repos/" + IdentityApi.ME_USER + "/" + name
            : normalize(Json.text(body, "path"));
    if (!path.startsWith("/Repos/")
        && !path.startsWith("/Users/")
        && !path.startsWith("/Shared/")) {
      throw ApiException.invalid("Repo path must be under /Repos, /Users or /Shared: " + path);
    }
    if (d.objects.containsKey(path)) {
      throw new ApiException(400, "RESOURCE_ALREADY_EXISTS", "Path (" + path + ") already exists.");
    }
    // The service does not create the parent (provider issue #862; the provider mkdirs first).
    ObjectNode parentNode = d.objects.get(parent(path));
    if (parentNode == null || !"DIRECTORY".equals(Json.text(parentNode, "object_type"))) {
      throw ApiException.notFound("Parent directory " + parent(path) + " does not exist.");
    }
    long id;
    do {
      id = ctx.numericId(15);
    } while (d.repos.containsKey(id));
    ObjectNode r =
        Json.obj()
            .put("id", id)
            .put("path", path)
            .put("url", url)
            .put("provider", provider)
            .put("branch", Json.text(body, "branch") == null ? "main" : Json.text(body, "branch"))
            .put("head_commit_id", ctx.hex(40));
    if (body.get("sparse_checkout") != null && body.get("sparse_checkout").isObject()) {
      r.set("sparse_checkout", body.get("sparse_checkout").deepCopy());
    }
    d.repos.put(id, r);
    ObjectNode folder = node("REPO", path);
    folder.put("object_id", id);
    d.objects.put(path, folder);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(r));
  }

  private HttpResp listRepos(HttpReq q, State s) {
    String prefix = q.query("path_prefix");
    String p = prefix == null ? null : normalize(prefix);
    List<ObjectNode> out = new ArrayList<>();
    data(q, s).repos.values().stream()
        .filter(r -> p == null || Json.text(r, "path").startsWith(p))
        .forEach(out::add);
    ObjectNode body = Json.obj();
    body.set("repos", Json.visibleAll(out));
    return HttpResp.ok(body);
  }

  private HttpResp updateRepo(HttpReq q, State s) {
    ObjectNode r = repo(q, s);
    JsonNode body = q.json();
    String branch = Json.text(body, "branch");
    String tag = Json.text(body, "tag");
    if (branch != null && tag != null) {
      throw ApiException.invalid("Only one of branch and tag can be given.");
    }
    if (branch != null) {
      r.put("branch", branch);
      r.put("head_commit_id", ctx.hex(40));
    } else if (tag != null) {
      r.remove("branch");
      r.put("head_commit_id", ctx.hex(40));
    }
    if (body.get("sparse_checkout") != null && body.get("sparse_checkout").isObject()) {
      r.set("sparse_checkout", body.get("sparse_checkout").deepCopy());
    }
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp deleteRepo(HttpReq q, State s) {
    ObjectNode r = repo(q, s);
    State.WorkspaceData d = data(q, s);
    String p = Json.text(r, "path");
    d.repos.remove(r.path("id").asLong());
    d.objects.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
    ctx.store.changed();
    return HttpResp.empty();
  }
}
