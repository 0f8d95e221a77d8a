package dev.deployer.cli.doctor;

/**
 * One finding of doctor: what was checked, how it went, what was seen and, unless it passed, what
 * to do about it.
 */
public record Check(String area, String name, Status status, String detail, String fix) {
  public enum Status {
    PASS,
    WARN,
    FAIL
  }

  static Check pass(String area, String name, String detail) {
    return new Check(area, name, Status.PASS, detail, null);
  }

  static Check warn(String area, String name, String detail, String fix) {
    return new Check(area, name, Status.WARN, detail, fix);
  }

  static Check fail(String area, String name, String detail, String fix) {
    return new Check(area, name, Status.FAIL, detail, fix);
  }
}
