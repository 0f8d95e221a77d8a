package dev.deployer.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * State in a local JSON file, {@code <dir>/<stack>.json}, with {@code <stack>.json.backup} holding
 * the previous version and {@code <stack>.json.lock} the lock. Writes go to a temporary file that
 * is synced and then renamed over the old one, so a crash leaves either the old or the new state.
 *
 * <p>During a run, changes are appended to {@code <stack>.json.journal}, one JSON line each, synced
 * before {@link #append} returns: the bytes written per operation are those of one entry, not of
 * the whole state. {@link #read} replays the journal over the file (a line cut short by a crash was
 * never synced, so the call it announced never started, and is ignored). The journal is folded into
 * the file when it outgrows it and at the end of the run ({@link #compact}), so between runs the
 * file alone holds the state in the documented format.
 */
public final class FileStateStore implements StateStore {
  /** The journal is compacted once it is larger than the state file and at least this large. */
  static final long MIN_COMPACT_BYTES = 4L << 20;

  private static final ObjectWriter LINE =
      Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Path journalFile;
  private final String stack;
  private final long minCompactBytes;
  private final ObjectMapper mapper = Json.mapper();

  /**
   * What this store last read or wrote, and the files' sizes and times then: while they are
   * unchanged, write and append check serial and lineage without parsing the state again.
   */
  private record Known(
      long serial,
      String lineage,
      long fileSize,
      Object fileId,
      long journalSize,
      long journalValid) {}

  private Known known;
  private FileChannel journal;

  public FileStateStore(Path directory, String stack) {
    this(directory, stack, MIN_COMPACT_BYTES);
  }

  FileStateStore(Path directory, String stack, long minCompactBytes) {
    this.minCompactBytes = minCompactBytes;
    this.stack = stack;
    this.file = directory.resolve(stack + ".json");
    this.journalFile = directory.resolve(stack + ".json.journal");
  }

  @Override
  public String stack() {
    return stack;
  }

  public Path file() {
    return file;
  }

  /** The journal of the run in progress (absent between runs). */
  public Path journalFile() {
    return journalFile;
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public synchronized Optional<StackState> read() {
    if (!Files.exists(file)) {
      if (Files.exists(journalFile)) {
        throw new StateException(
            journalFile
                + " exists without "
                + file.getFileName()
                + "; restore the state file "
                + "from "
                + file.getFileName()
                + ".backup, or remove the journal");
      }
      known = null;
      return Optional.empty();
    }
    StackState snapshot = readSnapshot();
    List<StateChange> records = new ArrayList<>();
    long valid = readJournal(records);
    StackState s;
    try {
      s = StateChange.replay(snapshot, records);
    } catch (StateException e) {
      throw new StateException(journalFile + ": " + e.getMessage(), e);
    }
    known = new Known(s.serial(), s.lineage(), size(file), id(file), size(journalFile), valid);
    return Optional.of(s);
  }

  private StackState readSnapshot() {
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
      return s;
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

  /** Adds the journal's complete records to {@code out}; returns the length they take. */
  private long readJournal(List<StateChange> out) {
    if (!Files.exists(journalFile)) {
      return 0;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(journalFile);
    } catch (IOException e) {
      throw new StateException("cannot read " + journalFile + ": " + e.getMessage(), e);
    }
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      try {
        out.add(mapper.readValue(bytes, start, i - start, StateChange.class));
      } catch (IOException e) {
        break; // a record cut short by a crash and never synced: what follows was never written
      }
      start = i + 1;
    }
    return start;
  }

  /** Reads again unless the files are as this store last left them. */
  private Known current() {
    Known k = known;
    if (k == null
        || size(file) != k.fileSize()
        || !java.util.Objects.equals(id(file), k.fileId())
        || size(journalFile) != k.journalSize()) {
      read();
    }
    return known;
  }

  @Override
  public synchronized void write(StackState state) {
    Known cur = Files.exists(file) || Files.exists(journalFile) ? current() : null;
    if (cur != null) {
      StateStore.requireSuccessor(stack, file.toString(), cur.lineage(), cur.serial(), state);
    }
    replaceFile(state);
  }

  @Override
  public synchronized void append(List<StateChange> changes, Supplier<StackState> after) {
    Known mine = known;
    Known cur = current();
    if (cur == null) {
      // Nothing stored yet: the first state is written whole.
      replaceFile(after.get());
      return;
    }
    // Changes at or below a serial this store itself wrote (a compaction that included them) are
    // durable already; after anyone else wrote, every change must follow on.
    boolean ours = cur == mine;
    List<StateChange> fresh = new ArrayList<>(changes.size());
    for (StateChange c : changes) {
      if (!ours || c.serial() > cur.serial()) {
        fresh.add(c);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    long expected = cur.serial() + 1;
    for (StateChange c : fresh) {
      if (!c.lineage().equals(cur.lineage()) || c.serial() != expected++) {
        throw new StateException(
            "refusing to journal serial "
                + c.serial()
                + " of lineage "
                + c.lineage()
                + " onto serial "
                + cur.serial()
                + " of lineage "
                + cur.lineage()
                + " in "
                + file
                + " (another run wrote the state since this one read it)");
      }
    }
    try {
      java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
      for (StateChange c : fresh) {
        LINE.writeValue(lines, c);
        lines.write('\n');
      }
      if (journal == null) {
        boolean created = !Files.exists(journalFile);
        journal =
            FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        journal.truncate(cur.journalValid()); // drop a record a crash cut short
        journal.position(cur.journalValid());
        if (created) {
          syncDirectory(file.getParent());
        }
      }
      ByteBuffer buf = ByteBuffer.wrap(lines.toByteArray());
      while (buf.hasRemaining()) {
        journal.write(buf);
      }
      journal.force(false);
      long valid = cur.journalValid() + lines.size();
      long last = fresh.get(fresh.size() - 1).serial();
      known = new Known(last, cur.lineage(), cur.fileSize(), cur.fileId(), valid, valid);
      if (valid > Math.max(minCompactBytes, cur.fileSize())) {
        replaceFile(after.get());
      }
    } catch (IOException e) {
      throw new StateException("cannot append to " + journalFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void compact() {
    if (!Files.exists(journalFile)) {
      return;
    }
    read().ifPresent(this::replaceFile);
  }

  /** Writes {@code state} as the file and drops the journal, which it includes. */
  private void replaceFile(StackState state) {
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
      // The file now holds every journalled change (a crash before this delete leaves records at
      // or below its serial, which reading skips).
      if (journal != null) {
        journal.close();
        journal = null;
      }
      if (Files.deleteIfExists(journalFile)) {
        syncDirectory(file.getParent());
      }
      known = new Known(state.serial(), state.lineage(), bytes.length, id(file), -1, 0);
    } catch (IOException e) {
      throw new StateException("cannot write state " + file + ": " + e.getMessage(), e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The file's identity and time: every write renames a new file into place, so a write by anyone
   * else shows as another file key (inode) even within the clock's resolution.
   */
  private static Object id(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return java.util.Arrays.asList(a.fileKey(), a.lastModifiedTime());
    } catch (IOException e) {
      return null;
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
