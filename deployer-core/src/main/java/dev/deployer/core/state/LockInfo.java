package dev.deployer.core.state;

/** Who holds a stack's lock: enough to find them, or to decide the holder is gone. */
public record LockInfo(
    String id, String operation, String who, long pid, String host, String created) {}
