package dev.deployer.core.retry;

/** Marks an exception type whose instances are always worth retrying. */
public interface Transient {}
