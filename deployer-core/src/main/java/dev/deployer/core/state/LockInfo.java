package dev.deployer.core.state;

/**
 * Who holds a stack's lock: enough to find them, or to decide the holder is gone. {@code renewed}
 * is the holder's heartbeat, rewritten while it runs (null in locks of versions without one).
 */
public record LockInfo(
    String id,
    String operation,
    String who,
    long pid,
    String host,
    String created,
    String renewed) {

  public LockInfo(String id, String operation, String who, long pid, String host, String created) {
    this(id, operation, who, pid, host, created, null);
  }

  public LockInfo renewedAt(java.time.Instant t) {
    return new LockInfo(id, operation, who, pid, host, created, t.toString());
  }
}
