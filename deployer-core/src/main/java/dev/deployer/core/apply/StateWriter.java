package dev.deployer.core.apply;

import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateStore;
import java.util.function.UnaryOperator;

/** The live state during apply: every change is written through at once, one at a time. */
public final class StateWriter {
  private final StateStore store;
  private StackState current;

  public StateWriter(StateStore store, StackState start) {
    this.store = store;
    this.current = start;
  }

  public synchronized StackState current() {
    return current;
  }

  public synchronized StackState update(UnaryOperator<StackState> change) {
    StackState next = change.apply(current).withSerial(current.serial() + 1);
    store.write(next);
    current = next;
    return next;
  }
}
