package dev.deployer.core.state;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a recorded resource stands. The pending ones were written just before a mutating call. */
public enum Status {
  READY("ready"),
  TAINTED("tainted"),
  PENDING_CREATE("pending-create"),
  PENDING_DELETE("pending-delete");

  private final String json;

  Status(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Status of(String json) {
    for (Status s : values()) {
      if (s.json.equals(json)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown status " + json);
  }
}
