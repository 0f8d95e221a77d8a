package dev.deployer.core.plan;

/** What happens to one resource. Each action carries the symbol the plan shows for it. */
public enum Action {
  NO_OP(" ", "no changes", "unchanged"),
  CREATE("+", "will be created", "created"),
  UPDATE("~", "will be updated in-place", "updated"),
  DELETE_THEN_CREATE("-/+", "must be replaced", "replaced"),
  CREATE_THEN_DELETE("+/-", "must be replaced (new one first)", "replaced"),
  DELETE("-", "will be destroyed", "destroyed"),
  /** An existing object found at plan time is taken over (then updated if it differs). */
  IMPORT("<=", "will be imported (adopted; nothing is created)", "imported");

  private final String symbol;
  private final String planPhrase;
  private final String pastTense;

  Action(String symbol, String planPhrase, String pastTense) {
    this.symbol = symbol;
    this.planPhrase = planPhrase;
    this.pastTense = pastTense;
  }

  public String symbol() {
    return symbol;
  }

  public String planPhrase() {
    return planPhrase;
  }

  public String pastTense() {
    return pastTense;
  }

  public boolean isReplace() {
    return this == DELETE_THEN_CREATE || this == CREATE_THEN_DELETE;
  }

  public boolean creates() {
    return this == CREATE || isReplace();
  }

  public boolean deletes() {
    return this == DELETE || isReplace();
  }
}
