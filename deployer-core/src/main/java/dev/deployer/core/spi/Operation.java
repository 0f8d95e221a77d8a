package dev.deployer.core.spi;

/** The handler operation in progress, for error classification and progress lines. */
public enum Operation {
  READ,
  FIND,
  CREATE,
  UPDATE,
  DELETE
}
