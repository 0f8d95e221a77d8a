package dev.deployer.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The state plus one lock. Every request runs its handler under the lock: the emulator serves a
 * handful of clients, so one coarse lock buys simple, obviously correct thread safety. After a
 * change the snapshot file (if any) is rewritten atomically (temp file + rename) so a crash never
 * leaves half a snapshot.
 */
final class Store {
  private final ReentrantLock lock = new ReentrantLock();
  private final Path snapshot;
  private State state;
  private boolean dirty;

  Store(Path snapshot, String fixedAccountId) {
    this.snapshot = snapshot;
    this.state = load(snapshot);
    if (fixedAccountId != null) {
      state.defaultAccountId = fixedAccountId;
    } else if (state.defaultAccountId == null) {
      state.defaultAccountId = UUID.randomUUID().toString();
    }
    state.account(state.defaultAccountId);
    // Write at once so a generated account id survives a restart even if nothing else changes.
    save();
  }

  private static State load(Path snapshot) {
    if (snapshot == null || !Files.isRegularFile(snapshot)) {
      return new State();
    }
    try {
      return Json.MAPPER.readValue(snapshot.toFile(), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read emulator snapshot " + snapshot, e);
    }
  }

  /** Runs {@code fn} under the lock and persists if it (or anything it called) changed state. */
  <T> T apply(Function<State, T> fn) {
    lock.lock();
    try {
      T out = fn.apply(state);
      if (dirty) {
        dirty = false;
        save();
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Marks the state changed; call with the lock held. */
  void changed() {
    dirty = true;
  }

  String defaultAccountId() {
    return apply(s -> s.defaultAccountId);
  }

  /** Forgets everything, or one account; the default account id survives. */
  void reset(String accountId) {
    apply(
        s -> {
          if (accountId == null) {
            String keep = s.defaultAccountId;
            state = new State();
            state.defaultAccountId = keep;
            state.account(keep);
          } else {
            s.accounts.remove(accountId);
          }
          changed();
          return null;
        });
  }

  String dump() {
    return apply(
        s -> {
          try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(s);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private void save() {
    if (snapshot == null) {
      return;
    }
    try {
      Path dir = snapshot.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, snapshot.getFileName().toString(), ".tmp");
      Json.MAPPER.writeValue(tmp.toFile(), state);
      try {
        Files.move(
            tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write emulator snapshot " + snapshot, e);
    }
  }
}
