package dev.deployer.cloud.state;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Who takes a lock: user, host and process. {@code DEPLOYER_HOST_ID} replaces the host name where
 * several runners share one (CI containers named alike), since the host decides whether a lock's
 * holder can be checked for being alive.
 */
public record LockOwner(String who, String host, long pid) {

  public static LockOwner current() {
    String host = System.getenv("DEPLOYER_HOST_ID");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
    }
    return new LockOwner(
        System.getProperty("user.name", "unknown"), host, ProcessHandle.current().pid());
  }

  /** Whether a lock of this host's {@code pid} provably has no running holder any more. */
  boolean holderGone(String holderHost, long holderPid) {
    return host.equals(holderHost)
        && holderPid != pid
        && ProcessHandle.of(holderPid).map(p -> !p.isAlive()).orElse(true);
  }
}
