package dev.deployer.cli.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import dev.deployer.environments.Target;
import dev.deployer.sandbox.MotoServer;
import dev.deployer.sandbox.PythonVenv;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local sandbox: the AWS fault proxy on 127.0.0.1:4566 in front of moto server (on a free
 * port), and the Databricks emulator on 127.0.0.1:4580, started in the background and left running;
 * their pids live in {@code .deployer/sandbox/}.
 */
public final class Sandbox {
  /** The Databricks account the sandbox's emulator serves. */
  public static final String ACCOUNT_ID = "5a4d2c1b-0e9f-4a8b-9c7d-6e5f4a3b2c1d";

  private static final String HOST = "127.0.0.1";

  private final Path dir;
  private final int awsPort;
  private final int databricksPort;

  public Sandbox(Path workDir) {
    String override = System.getenv("DEPLOYER_SANDBOX_DIR");
    this.dir =
        override == null || override.isBlank() ? workDir.resolve("sandbox") : Path.of(override);
    this.awsPort = port("DEPLOYER_SANDBOX_AWS_PORT", 4566);
    this.databricksPort = port("DEPLOYER_SANDBOX_DATABRICKS_PORT", 4580);
  }

  private static int port(String env, int def) {
    String v = System.getenv(env);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new DeployerException(env + "='" + v + "' is not a port number.");
    }
  }

  public Path dir() {
    return dir;
  }

  public Path stateDir() {
    return dir.resolve("state");
  }

  public String awsEndpoint() {
    return "http://" + HOST + ":" + awsPort;
  }

  public String databricksHost() {
    return "http://" + HOST + ":" + databricksPort;
  }

  /**
   * Workspace hosts: {@code <deployment>.localhost} resolved to loopback by the deployer's client.
   */
  public String workspaceHostTemplate() {
    return "http://{deployment}.localhost:" + databricksPort;
  }

  public Target target() {
    return Target.sandbox(
        new Target.Sandbox(awsEndpoint(), databricksHost(), ACCOUNT_ID, workspaceHostTemplate()));
  }

  /** The fault proxy answers and so does the emulator behind it. */
  public boolean awsRunning() {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(awsEndpoint() + "/_faults/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && listeningAt(motoEndpoint());
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean listeningAt(String endpoint) {
    java.net.URI u = java.net.URI.create(endpoint);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 500);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  public boolean databricksRunning() {
    return listening(databricksPort);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts whatever is not running; harmless when both are up. Returns what it started. */
  public List<String> up(Consumer<String> say) {
    List<String> started = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DeployerException("Cannot create " + dir + ": " + e.getMessage(), e);
    }
    if (!awsRunning()) {
      if (listening(awsPort)) {
        throw new DeployerException(
            "Port "
                + awsPort
                + " is taken by something that is not the sandbox's AWS fault proxy; "
                + "stop it or set DEPLOYER_SANDBOX_AWS_PORT.");
      }
      // A proxy or moto left from an earlier start would hold a port or leak: stop them first.
      stop("aws-proxy", say);
      stop("moto", say);
      String motoEndpoint = System.getenv("DEPLOYER_SANDBOX_AWS_UPSTREAM");
      if (motoEndpoint == null || motoEndpoint.isBlank()) {
        Path venv = PythonVenv.projectDefault().ensure(say);
        // moto listens on a free port behind the fault proxy, which owns the sandbox's AWS port.
        int motoPort = freePort();
        Process moto =
            spawn(
                List.of(
                    venv.resolve("bin/moto_server").toString(),
                    "-H",
                    HOST,
                    "-p",
                    Integer.toString(motoPort)),
                dir.resolve("moto.log"));
        writePid("moto", moto.pid());
        motoEndpoint = "http://" + HOST + ":" + motoPort;
        String m = motoEndpoint;
        await("moto server", () -> MotoServer.isUp(m), moto);
      }
      // An emulator the caller runs (the CLI's ITs pass LocalStack's) stays theirs to stop.
      writeFile("aws-upstream", motoEndpoint);
      List<String> proxy =
          new ArrayList<>(
              List.of(
                  javaBinary(),
                  "-Xmx128m",
                  "-cp",
                  stableClassPath("aws-fault-proxy.jar"),
                  "dev.deployer.awsfaults.Main",
                  "--port",
                  Integer.toString(awsPort),
                  "--upstream",
                  motoEndpoint));
      proxy.addAll(faultArgs());
      Process p = spawn(proxy, dir.resolve("aws-fault-proxy.log"));
      writePid("aws-proxy", p.pid());
      await("AWS fault proxy", this::awsRunning, p);
      started.add("aws");
    }
    if (!databricksRunning()) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  javaBinary(),
                  "-Xmx512m",
                  "-cp",
                  stableClassPath("emulator.jar"),
                  "dev.deployer.emulator.Main",
                  "--port",
                  Integer.toString(databricksPort),
                  "--snapshot",
                  dir.resolve("databricks-emulator.json").toString(),
                  "--aws-endpoint",
                  motoEndpoint(),
                  "--race-window",
                  System.getenv().getOrDefault("DEPLOYER_SANDBOX_RACE_WINDOW", "10s"),
                  "--provisioning-delay",
                  System.getenv().getOrDefault("DEPLOYER_SANDBOX_PROVISIONING_DELAY", "3s"),
                  "--uc-lag",
                  System.getenv().getOrDefault("DEPLOYER_SANDBOX_UC_LAG", "12s"),
                  "--permission-assignment-lag",
                  System.getenv().getOrDefault("DEPLOYER_SANDBOX_PERMISSION_ASSIGNMENT_LAG", "14s"),
                  "--auto-unity-catalog",
                  System.getenv().getOrDefault("DEPLOYER_SANDBOX_AUTO_UNITY_CATALOG", "true")));
      String faultRate = System.getenv("DEPLOYER_SANDBOX_DATABRICKS_FAULT_RATE");
      if (faultRate != null && !faultRate.isBlank()) {
        // A share of Databricks API calls answered 429, 503 or with a reset connection.
        cmd.addAll(List.of("--fault-rate", faultRate.trim()));
      }
      String seed = System.getenv("DEPLOYER_SANDBOX_DATABRICKS_SEED");
      if (seed != null && !seed.isBlank()) {
        // The emulator's random draws (ids, faults); it prints the one it used in its log.
        cmd.addAll(List.of("--seed", seed.trim()));
      }
      Process p = spawn(cmd, dir.resolve("databricks-emulator.log"));
      writePid("databricks", p.pid());
      await("Databricks emulator", this::databricksRunning, p);
      seedDirectory();
      started.add("databricks");
    }
    return started;
  }

  /**
   * Gives the sandbox account the users, groups and service principal the example configs name
   * (directory.json beside this class); a principal already there is left alone.
   */
  private void seedDirectory() {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try (java.io.InputStream in = Sandbox.class.getResourceAsStream("directory.json")) {
      com.fasterxml.jackson.databind.JsonNode dir = Json.mapper().readTree(in);
      for (var kinds = dir.fields(); kinds.hasNext(); ) {
        var kind = kinds.next();
        for (com.fasterxml.jackson.databind.JsonNode principal : kind.getValue()) {
          java.net.http.HttpResponse<String> r =
              http.send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              databricksHost()
                                  + "/_emulator/accounts/"
                                  + ACCOUNT_ID
                                  + "/scim/"
                                  + kind.getKey()))
                      .header("Content-Type", "application/json")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(principal.toString()))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() / 100 != 2 && r.statusCode() != 409) {
            throw new DeployerException(
                "Seeding the sandbox directory failed (" + r.statusCode() + "): " + r.body());
          }
        }
      }
    } catch (IOException e) {
      throw new DeployerException("Cannot seed the sandbox directory: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException("interrupted while seeding the sandbox directory");
    }
  }

  /** Stops both; with {@code purge} also forgets their data and the sandbox state files. */
  public void down(boolean purge, Consumer<String> say) {
    for (String name : List.of("databricks", "aws-proxy", "moto")) {
      stop(name, say);
    }
    if (purge) {
      deleteTree(stateDir());
      try {
        Files.deleteIfExists(dir.resolve("databricks-emulator.json"));
      } catch (IOException e) {
        throw new DeployerException("Cannot delete the emulator snapshot: " + e.getMessage(), e);
      }
    }
  }

  private void stop(String name, Consumer<String> say) {
    Path pidFile = dir.resolve(name + ".pid");
    if (Files.exists(pidFile)) {
      try {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid)
            .ifPresent(
                ph -> {
                  ph.destroy();
                  try {
                    ph.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (Exception e) {
                    ph.destroyForcibly();
                  }
                });
        Files.deleteIfExists(pidFile);
      } catch (IOException | NumberFormatException e) {
        say.accept("could not read " + pidFile + ": " + e.getMessage());
      }
    }
  }

  public ObjectNode status() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("aws_endpoint", awsEndpoint());
    n.put("aws_running", awsRunning());
    n.put("aws_emulator_endpoint", motoEndpoint());
    n.put("databricks_host", databricksHost());
    n.put("databricks_running", databricksRunning());
    n.put("databricks_account_id", ACCOUNT_ID);
    n.put("workspace_host_template", workspaceHostTemplate());
    n.put("state_dir", stateDir().toString());
    return n;
  }

  private Process spawn(List<String> cmd, Path log) {
    List<String> full = new ArrayList<>();
    // setsid puts the server in its own session, so Ctrl-C on this command leaves it running.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))
        || Files.isExecutable(Path.of("/bin/setsid"))) {
      full.add("setsid");
    }
    full.addAll(cmd);
    try {
      ProcessBuilder pb =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      return pb.start();
    } catch (IOException e) {
      throw new DeployerException("Cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
    }
  }

  private void writePid(String name, long pid) {
    writeFile(name + ".pid", Long.toString(pid));
  }

  private void writeFile(String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new DeployerException("Cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The fault proxy's rules: AWS's throttling, eventual consistency and slow states with short
   * windows by default (aws-fault-proxy's sandbox-faults.json); {@code
   * DEPLOYER_SANDBOX_AWS_FAULTS=off} turns them off, a file path replaces them.
   */
  private static List<String> faultArgs() {
    String v = System.getenv("DEPLOYER_SANDBOX_AWS_FAULTS");
    if (v == null || v.isBlank() || v.equals("on")) {
      return List.of();
    }
    if (v.equals("off")) {
      return List.of("--no-faults");
    }
    Path rules = Path.of(v).toAbsolutePath();
    if (!Files.isRegularFile(rules)) {
      throw new DeployerException(
          "DEPLOYER_SANDBOX_AWS_FAULTS='" + v + "' is neither on, off nor a rules file.");
    }
    return List.of("--rules", rules.toString());
  }

  /**
   * The AWS emulator's own endpoint behind the proxy: moto's, or {@code
   * DEPLOYER_SANDBOX_AWS_UPSTREAM}'s. The Databricks emulator checks AWS objects there.
   */
  public String motoEndpoint() {
    try {
      return Files.readString(dir.resolve("aws-upstream")).trim();
    } catch (IOException e) {
      return awsEndpoint();
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new DeployerException("No free loopback port for moto server: " + e.getMessage(), e);
    }
  }

  private void await(String what, java.util.function.BooleanSupplier up, Process p) {
    new Waiter(Clock.systemUTC(), Sleeper.system())
        .until(
            what + " to start",
            Duration.ofSeconds(90),
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            () -> {
              if (!p.isAlive() && !up.getAsBoolean()) {
                throw new DeployerException(
                    what + " exited with code " + p.exitValue() + "; see the log in " + dir);
              }
              return up.getAsBoolean();
            },
            ok -> ok ? Waiter.State.DONE : Waiter.State.PENDING,
            ok -> "starting",
            m -> {});
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** This program's own class path: the emulator ships inside the deployer jar. */
  private static String classPath() {
    try {
      Path self =
          Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self)) {
        return self.toString();
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the JVM's class path
    }
    return System.getProperty("java.class.path");
  }

  /**
   * A copy of this program's jar for the emulator to run from: the launcher rebuilds the jar in
   * place when sources change, and a JVM whose jar is replaced under it fails to load classes.
   */
  private String stableClassPath(String copyName) {
    String cp = classPath();
    Path jar = Path.of(cp);
    if (!cp.endsWith(".jar") || !Files.isRegularFile(jar)) {
      return cp;
    }
    Path copy = dir.resolve(copyName);
    try {
      Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return copy.toString();
    } catch (IOException e) {
      throw new DeployerException("Cannot copy " + jar + " to " + copy + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    } catch (IOException e) {
      throw new DeployerException("Cannot delete " + p + ": " + e.getMessage(), e);
    }
  }

  public Map<String, String> endpoints() {
    return Map.of("aws", awsEndpoint(), "databricks", databricksHost());
  }
}
