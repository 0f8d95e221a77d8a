package dev.deployer.core.state;

/** A held stack lock; closing releases it. */
public interface StateLock extends AutoCloseable {
  LockInfo info();

  @Override
  void close();
}
