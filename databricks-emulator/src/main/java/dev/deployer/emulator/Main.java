package dev.deployer.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone launcher: {@code java -cp ... dev.deployer.emulator.Main --port 4580 --snapshot FILE
 * --aws-endpoint URL --race-window 10s --provisioning-delay 3s}. Defaults match the sandbox (race
 * window 10s, provisioning delay 3s, Unity Catalog lag 12s, permission-assignment lag 14s,
 * automatic Unity Catalog enablement on, a new workspace host unreachable for 2s and flaky for 4s
 * after RUNNING, deployment-name prefix "sbx", pricing_tier answered in lower case). Arguments are
 * parsed by hand to keep the module free of a CLI library.
 */
public final class Main {
  private Main() {}

  static final String USAGE =
      "usage: Main [--port N] [--bind ADDR] [--snapshot FILE] [--aws-endpoint URL]"
          + " [--aws-region R] [--race-window 10s] [--provisioning-delay 3s] [--account-id ID]"
          + " [--uc-lag 12s] [--permission-assignment-lag 14s] [--auto-unity-catalog true]"
          + " [--host-unreachable 2s] [--host-flaky 4s] [--deployment-prefix P|'']"
          + " [--pricing-tier-echo as_sent|lower_case|absent] [--fault-rate 0.1] [--seed N]";

  public static void main(String[] args) throws InterruptedException {
    DatabricksEmulator.Builder b =
        DatabricksEmulator.builder()
            .port(4580)
            .raceWindow(Duration.ofSeconds(10))
            .provisioningDelay(Duration.ofSeconds(3))
            // Longer than provisioning plus the host's reachability lag, so a sandbox apply meets
            // both lags once the workspace answers.
            .unityCatalogLag(Duration.ofSeconds(12))
            .permissionAssignmentLag(Duration.ofSeconds(14))
            .autoUnityCatalog(true)
            .hostLag(Duration.ofSeconds(2), Duration.ofSeconds(4))
            .deploymentPrefix("sbx")
            .pricingTierEcho("lower_case")
            .refusePatOnAccount(true);
    try {
      parse(args, b);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    DatabricksEmulator emulator = b.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                }));
    System.out.println(
        "databricks-emulator listening on "
            + emulator.baseUrl()
            + " account_id="
            + emulator.accountId()
            // A run under --fault-rate that failed can be re-run with the same draws (--seed).
            + " seed="
            + b.seedInUse());
    System.out.flush();
    stopped.await();
  }

  static void parse(String[] args, DatabricksEmulator.Builder b) {
    Duration[] hostLag = {null, null};
    parseInto(args, b, hostLag);
    if (hostLag[0] != null || hostLag[1] != null) {
      b.hostLag(
          hostLag[0] == null ? Duration.ofSeconds(2) : hostLag[0],
          hostLag[1] == null ? Duration.ofSeconds(4) : hostLag[1]);
    }
  }

  private static void parseInto(String[] args, DatabricksEmulator.Builder b, Duration[] hostLag) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      } else if (arg.equals("--help") || arg.equals("-h")) {
        throw new IllegalArgumentException("databricks-emulator");
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value for " + arg);
        }
        value = args[++i];
      }
      switch (arg) {
        case "--port" -> b.port(parsePort(value));
        case "--bind" -> b.bindAddress(value);
        case "--snapshot" -> b.snapshot(Path.of(value));
        case "--aws-endpoint" -> b.awsEndpoint(value.isBlank() ? null : value);
        case "--aws-region" -> b.awsRegion(value);
        case "--race-window" -> b.raceWindow(parseDuration(value));
        case "--provisioning-delay" -> b.provisioningDelay(parseDuration(value));
        case "--account-id" -> b.accountId(value);
        case "--uc-lag" -> b.unityCatalogLag(parseDuration(value));
        case "--permission-assignment-lag" -> b.permissionAssignmentLag(parseDuration(value));
        case "--auto-unity-catalog" -> b.autoUnityCatalog(parseBoolean(value));
        case "--host-unreachable" -> hostLag[0] = parseDuration(value);
        case "--host-flaky" -> hostLag[1] = parseDuration(value);
        case "--deployment-prefix" -> b.deploymentPrefix(value);
        case "--pricing-tier-echo" -> b.pricingTierEcho(value);
        case "--fault-rate" -> b.faultRate(Double.parseDouble(value));
        case "--seed" -> b.seed(Long.parseLong(value.trim()));
        default -> throw new IllegalArgumentException("Unknown option " + arg);
      }
    }
  }

  private static boolean parseBoolean(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw new IllegalArgumentException("Not a boolean: " + v);
    };
  }

  private static int parsePort(String v) {
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("Port out of range: " + v);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a port: " + v);
    }
  }

  /** "10s", "500ms", "2m", "1h", a bare number of seconds, or ISO-8601 ("PT10S"). */
  static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      long unit =
          switch (s.charAt(s.length() - 1)) {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            default -> 0L;
          };
      String num = unit == 0 ? s : s.substring(0, s.length() - 1).trim();
      double amount = Double.parseDouble(num);
      if (amount < 0) {
        throw new IllegalArgumentException("Negative duration: " + v);
      }
      return Duration.ofMillis(Math.round(amount * (unit == 0 ? 1000L : unit)));
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException
          && e.getMessage() != null
          && e.getMessage().startsWith("Negative")) {
        throw e;
      }
      throw new IllegalArgumentException("Not a duration: " + v);
    }
  }
}
