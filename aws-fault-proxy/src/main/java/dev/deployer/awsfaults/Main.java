package dev.deployer.awsfaults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.deployer.awsfaults.Main --port 4566 --upstream http://127.0.0.1:4567 [--rules
 * FILE | --no-faults]}: the sandbox's AWS endpoint. Without {@code --rules} it runs the sandbox
 * defaults (sandbox-faults.json beside this class).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = 4566;
    String upstream = null;
    String rules = AwsFaultProxy.defaultRules();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--upstream" -> upstream = value(args, ++i, "--upstream");
        case "--rules" -> rules = Files.readString(Path.of(value(args, ++i, "--rules")));
        case "--no-faults" -> rules = "{\"rules\":[]}";
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (upstream == null) {
      usage("--upstream is required");
    }
    AwsFaultProxy proxy =
        AwsFaultProxy.start(
            port,
            upstream,
            rules,
            Clock.systemUTC(),
            msg -> System.out.println(Instant.now() + " " + msg));
    System.out.println(
        "aws-fault-proxy on "
            + proxy.endpoint()
            + " in front of "
            + upstream
            + "; rules: "
            + proxy.state());
    new CountDownLatch(1).await();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(
        problem + "\nusage: Main --port PORT --upstream URL [--rules FILE | --no-faults]");
    System.exit(2);
  }
}
