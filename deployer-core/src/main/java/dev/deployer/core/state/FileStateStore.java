package dev.deployer.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * State in a local JSON file, {@code <dir>/<stack>.json}, with {@code <stack>.json.backup} holding
 * the previous version and {@code <stack>.json.lock} the lock. Writes go to a temporary file that
 * is synced and then renamed over the old one, so a crash leaves either the old or the new state.
 */
public final class FileStateStore implements StateStore {
  private final Path file;
  private final String stack;
  private final ObjectMapper mapper = Json.mapper();

  public FileStateStore(Path directory, String stack) {
    this.stack = stack;
    this.file = directory.resolve(stack + ".json");
  }

  @Override
  public String stack() {
    return stack;
  }

  public Path file() {
    return file;
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public synchronized Optional<StackState> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      StackState s = mapper.readValue(file.toFile(), StackState.class);
      if (s.version() != StackState.FORMAT_VERSION) {
        throw new StateException(
            file
                + ": state format version "
                + s.version()
                + " is not supported (expected "
                + StackState.FORMAT_VERSION
                + ")");
      }
      if (!stack.equals(s.stack())) {
        throw new StateException(
            file + " holds the state of stack '" + s.stack() + "', not '" + stack + "'");
      }
      return Optional.of(s);
    } catch (IOException e) {
      throw new StateException(
          "cannot read state "
              + file
              + ": "
              + e.getMessage()
              + ". The previous version is in "
              + file.getFileName()
              + ".backup",
          e);
    }
  }

  @Override
  public synchronized void write(StackState state) {
    Optional<StackState> current = read();
    if (current.isPresent()) {
      StackState cur = current.get();
      if (!cur.lineage().equals(state.lineage())) {
        throw new StateException(
            "refusing to write state for "
                + stack
                + ": its lineage "
                + state.lineage()
                + " differs from the stored "
                + cur.lineage()
                + " in "
                + file
                + " (a different stack's state)");
      }
      if (state.serial() <= cur.serial()) {
        throw new StateException(
            "refusing to write state for "
                + stack
                + ": serial "
                + state.serial()
                + " is not newer than the stored serial "
                + cur.serial()
                + " in "
                + file
                + " (another run wrote it since this one read it)");
      }
    }
    try {
      Files.createDirectories(file.getParent());
      byte[] bytes = mapper.writeValueAsBytes(state);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (Files.exists(file)) {
        Files.copy(
            file,
            file.resolveSibling(file.getFileName() + ".backup"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(file.getParent());
    } catch (IOException e) {
      throw new StateException("cannot write state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Makes the rename itself durable: without it a power loss can undo the new directory entry. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open a directory; the file itself was already synced.
    }
  }

  private Path lockFile() {
    return file.resolveSibling(file.getFileName() + ".lock");
  }

  @Override
  public StateLock lock(String operation, Consumer<String> warnings) {
    Path lock = lockFile();
    String host = hostName();
    LockInfo mine =
        new LockInfo(
            UUID.randomUUID().toString(),
            operation,
            System.getProperty("user.name", "unknown"),
            ProcessHandle.current().pid(),
            host,
            Instant.now().toString());
    try {
      Files.createDirectories(lock.getParent());
    } catch (IOException e) {
      throw new StateException("cannot create " + lock.getParent() + ": " + e.getMessage(), e);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        createWhole(lock, mapper.writeValueAsBytes(mine));
        return new FileLock(lock, mine);
      } catch (FileAlreadyExistsException e) {
        LockInfo holder = readLock(lock);
        if (holder == null) {
          continue; // released between our attempt and the read
        }
        boolean holderGone =
            host.equals(holder.host())
                && holder.pid() != ProcessHandle.current().pid()
                && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
        if (holderGone) {
          warnings.accept(
              "Taking over the lock on stack "
                  + stack
                  + " left by process "
                  + holder.pid()
                  + " ("
                  + holder.operation()
                  + ", "
                  + holder.created()
                  + "), which is no longer running.");
          removeIfStill(lock, holder);
          continue;
        }
        throw new StateLockedException(stack, holder, lock);
      } catch (IOException e) {
        throw new StateException("cannot create lock " + lock + ": " + e.getMessage(), e);
      }
    }
    throw new StateException("could not take the lock " + lock + "; try again");
  }

  /**
   * Creates {@code file} with its whole content at once: written to a temporary file, then linked
   * into place, which fails if the file exists. Readers never see a half-written lock.
   */
  private static void createWhole(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      Files.createLink(file, tmp);
    } catch (UnsupportedOperationException e) {
      Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes a stale lock only if it still is the one found stale. An OS lock on a guard file makes
   * the check and the delete one step, so two runs taking over at once cannot both win.
   */
  private void removeIfStill(Path lock, LockInfo stale) {
    Path guard = lock.resolveSibling(lock.getFileName() + ".guard");
    // OS file locks are per process: threads of one process also need the monitor.
    synchronized (GUARDS.computeIfAbsent(guard.toAbsolutePath().normalize(), k -> new Object())) {
      removeIfStillGuarded(lock, stale, guard);
    }
  }

  private static final java.util.concurrent.ConcurrentMap<Path, Object> GUARDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private void removeIfStillGuarded(Path lock, LockInfo stale, Path guard) {
    try (FileChannel ch =
            FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock ignored = ch.lock()) {
      LockInfo now = readLock(lock);
      if (now != null && now.id().equals(stale.id())) {
        Files.deleteIfExists(lock);
      }
    } catch (IOException io) {
      throw new StateException("cannot remove stale lock " + lock + ": " + io.getMessage(), io);
    }
  }

  @Override
  public void forceUnlock(String lockId) {
    Path lock = lockFile();
    LockInfo holder = readLock(lock);
    if (holder == null) {
      throw new StateException("stack " + stack + " is not locked (" + lock + " does not exist)");
    }
    if (!holder.id().equals(lockId)) {
      throw new StateException(
          "the lock on stack "
              + stack
              + " has id "
              + holder.id()
              + ", not "
              + lockId
              + "; nothing was changed");
    }
    try {
      Files.deleteIfExists(lock);
    } catch (IOException e) {
      throw new StateException("cannot remove " + lock + ": " + e.getMessage(), e);
    }
  }

  private LockInfo readLock(Path lock) {
    try {
      return mapper.readValue(Files.readAllBytes(lock), LockInfo.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StateException(
          "lock file "
              + lock
              + " is unreadable ("
              + e.getMessage()
              + "); remove it if no run is in progress",
          e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private record FileLock(Path path, LockInfo info) implements StateLock {
    @Override
    public void close() {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // Best effort: a lock left behind by a dead process is taken over on the next run.
      }
    }
  }
}
