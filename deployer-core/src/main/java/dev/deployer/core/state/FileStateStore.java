package dev.deployer.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Durations;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
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

  /** How often a holder rewrites its lock's heartbeat (as the S3 backend renews its lock). */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  /**
   * Opens files for writing. The default is the real file system; tests inject faults (a full disk,
   * a read-only directory) here.
   */
  @FunctionalInterface
  public interface Disk {
    FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException;

    Disk REAL = FileChannel::open;
  }

  private final Path file;
  private final Path journalFile;
  private final String stack;
  private final long minCompactBytes;
  private final Disk disk;
  private final LockHeartbeat heartbeat;
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
    this(
        directory,
        stack,
        minCompactBytes,
        Disk.REAL,
        new LockHeartbeat(Clock.systemUTC(), DEFAULT_HEARTBEAT));
  }

  /** With an injected disk, and the clock and period of the lock's heartbeat (tests). */
  public FileStateStore(
      Path directory, String stack, long minCompactBytes, Disk disk, LockHeartbeat heartbeat) {
    this.minCompactBytes = minCompactBytes;
    this.stack = stack;
    this.file = directory.resolve(stack + ".json");
    this.journalFile = directory.resolve(stack + ".json.journal");
    this.disk = disk;
    this.heartbeat = heartbeat;
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
      return StateStore.requireReadable(
          stack, file.toString(), mapper.readValue(file.toFile(), StackState.class));
    } catch (IOException e) {
      throw StateException.unreadableState(
          file.toString(), e, "The previous version is in " + file.getFileName() + ".backup");
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
    int line = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      line++;
      try {
        out.add(mapper.readValue(bytes, start, i - start, StateChange.class));
      } catch (IOException e) {
        // A crash mid-append leaves at most the last record unreadable (cut short, or not yet
        // filled in by the file system): what follows it was never written. A record that does
        // not read with complete records after it is damage, and dropping it would drop those
        // changes too, and the next append would overwrite them.
        if (hasRecordAfter(bytes, i + 1)) {
          throw StateException.unreadableState(
              journalFile.toString(),
              e,
              "Its record on line "
                  + line
                  + " does not read and complete records follow it, so this is damage, not a"
                  + " crash: nothing was read or dropped. Repair or restore that line, then"
                  + " run again");
        }
        break;
      }
      start = i + 1;
    }
    return start;
  }

  /** Whether a complete (newline-ended), non-blank record starts at or after {@code from}. */
  private static boolean hasRecordAfter(byte[] bytes, int from) {
    boolean content = false;
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        if (content) {
          return true;
        }
      } else if (bytes[i] != ' ' && bytes[i] != '\r' && bytes[i] != 0) {
        content = true;
      }
    }
    return false;
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
  public synchronized long append(List<StateChange> changes, Supplier<StackState> after) {
    Known mine = known;
    Known cur = current();
    if (cur == null) {
      // Nothing stored yet: the first state is written whole.
      StackState first = after.get();
      replaceFile(first);
      return first.serial();
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
      return cur.serial();
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
            disk.open(
                journalFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                ownerOnly(journalFile));
        if (!created) {
          restrict(journalFile); // one an earlier version left readable by others
        }
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
        StackState whole = after.get();
        replaceFile(whole);
        return Math.max(last, whole.serial());
      }
      return last;
    } catch (IOException e) {
      // A partly written record is cut off by the next open (truncate to the valid length).
      closeJournalQuietly();
      throw failure("cannot append to " + journalFile, e);
    }
  }

  private void closeJournalQuietly() {
    if (journal != null) {
      try {
        journal.close();
      } catch (IOException ignored) {
        // already failing; the next open truncates to the last whole record
      }
      journal = null;
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
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
    Path backupTmp = file.resolveSibling(file.getFileName() + ".backup.tmp-" + UUID.randomUUID());
    try {
      createStateDirectory(file.getParent());
      byte[] bytes = mapper.writeValueAsBytes(state);
      writeNew(tmp, bytes);
      if (Files.exists(file)) {
        // Copied through a new file of our own, not Files.copy: the backup is as private as the
        // state (Files.copy would create it with the umask's mode, usually 0644).
        writeNew(backupTmp, Files.readAllBytes(file));
        moveIntoPlace(backupTmp, file.resolveSibling(file.getFileName() + ".backup"));
      }
      moveIntoPlace(tmp, file);
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
      throw failure("cannot write state " + file, e);
    } finally {
      // A temporary file left behind by a failed write (a full disk) would keep the disk full.
      deleteQuietly(tmp);
      deleteQuietly(backupTmp);
    }
  }

  /**
   * Creates {@code path} (which must not exist) with {@code bytes}, synced, readable by us only.
   */
  private void writeNew(Path path, byte[] bytes) throws IOException {
    try (FileChannel ch =
        disk.open(
            path,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            ownerOnly(path))) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: the failure being reported matters more
    }
  }

  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX =
      PosixFilePermissions.fromString("rwx------");

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Mode 0600 where the file system has modes: state can hold account ids, ARNs and URLs. */
  private static FileAttribute<?>[] ownerOnly(Path p) {
    return posix(p)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
        : new FileAttribute<?>[0];
  }

  private static void restrict(Path p) throws IOException {
    if (posix(p)) {
      Files.setPosixFilePermissions(p, OWNER_RW);
    }
  }

  /** A state directory this store creates is 0700; an existing one is left as its owner set it. */
  private static void createStateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * A write that failed, said plainly: a full disk and a read-only directory are the usual causes
   * and each has its own remedy.
   */
  private StateException failure(String what, IOException e) {
    return new StateException(what + ": " + StateIo.describe(e, file.getParent()), e);
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
    Instant now = heartbeat.clock().instant();
    LockInfo mine =
        new LockInfo(
            UUID.randomUUID().toString(),
            operation,
            System.getProperty("user.name", "unknown"),
            ProcessHandle.current().pid(),
            host,
            now.toString(),
            now.toString());
    try {
      createStateDirectory(lock.getParent());
    } catch (IOException e) {
      throw failure("cannot create " + lock.getParent(), e);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        createWhole(lock, mapper.writeValueAsBytes(mine));
        return new FileLock(lock, mine, warnings);
      } catch (FileAlreadyExistsException e) {
        LockInfo holder = readLock(lock);
        if (holder == null) {
          continue; // released between our attempt and the read
        }
        Optional<String> gone = holderGone(holder, host);
        if (gone.isPresent()) {
          warnings.accept(
              "Taking over the lock on stack "
                  + stack
                  + " left by process "
                  + holder.pid()
                  + " on "
                  + holder.host()
                  + " ("
                  + holder.operation()
                  + ", "
                  + holder.created()
                  + "): "
                  + gone.get()
                  + ".");
          removeIfStill(lock, holder);
          continue;
        }
        throw new StateLockedException(stack, holder, "file " + lock, heartbeatNote(holder));
      } catch (IOException e) {
        throw failure("cannot create lock " + lock, e);
      }
    }
    throw new StateException("could not take the lock " + lock + "; try again");
  }

  /**
   * Why the holder is gone, if it provably is: a process of this host that is no longer running, or
   * (on any host: a shared directory, a CI container restarted under another name) a heartbeat not
   * renewed for three periods. A lock without a heartbeat (an older version) is taken over only by
   * the first rule.
   */
  private Optional<String> holderGone(LockInfo holder, String host) {
    if (host.equals(holder.host())
        && holder.pid() != ProcessHandle.current().pid()
        && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true)) {
      return Optional.of("that process is no longer running");
    }
    Optional<Duration> age = heartbeat.age(holder.renewed());
    if (age.isPresent() && heartbeat.isStale(age.get())) {
      return Optional.of(
          "its heartbeat was last renewed "
              + Durations.human(age.get())
              + " ago (a running holder renews it every "
              + Durations.human(heartbeat.period())
              + "), so that run has stopped");
    }
    return Optional.empty();
  }

  private String heartbeatNote(LockInfo holder) {
    return heartbeat
        .age(holder.renewed())
        .map(
            a ->
                "; its heartbeat was renewed "
                    + Durations.human(a)
                    + " ago, and it is taken over once not renewed for "
                    + Durations.human(heartbeat.staleAfter()))
        .orElse("");
  }

  /**
   * Creates {@code file} with its whole content at once: written to a temporary file, then linked
   * into place, which fails if the file exists. Readers never see a half-written lock.
   */
  private void createWhole(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      writeNew(tmp, content);
      try {
        Files.createLink(file, tmp);
      } catch (UnsupportedOperationException e) {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } finally {
      deleteQuietly(tmp);
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
    StateStore.requireHeldLock(stack, lock.toString(), holder == null ? null : holder.id(), lockId);
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
      throw StateException.unreadableLock("lock file " + lock, e, "remove it");
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * A held lock. It renews its heartbeat in the background, and a shutdown hook removes it when the
   * process exits without closing it (System.exit on an interrupt outside an apply); only a kill -9
   * or a halt leaves it behind, for the next run to take over.
   */
  private final class FileLock implements StateLock {
    private final Path path;
    private final Consumer<String> warnings;
    private final ScheduledExecutorService renewer;
    private final Thread onExit;
    private LockInfo info;
    private boolean closed;
    private boolean warned;

    FileLock(Path path, LockInfo info, Consumer<String> warnings) {
      this.path = path;
      this.info = info;
      this.warnings = warnings;
      this.renewer = heartbeat.start(stack, this::renew);
      this.onExit = new Thread(this::release, "lock-release-" + stack);
      try {
        Runtime.getRuntime().addShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // already exiting: close() will not be reached, and the hook could not run either
      }
    }

    @Override
    public synchronized LockInfo info() {
      return info;
    }

    /** Rewrites the lock with a new heartbeat, if it is still ours. */
    private void renew() {
      Path guard = path.resolveSibling(path.getFileName() + ".guard");
      synchronized (GUARDS.computeIfAbsent(guard.toAbsolutePath().normalize(), k -> new Object())) {
        synchronized (this) {
          if (closed) {
            return;
          }
          try (FileChannel ch =
                  disk.open(
                      guard,
                      Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                      ownerOnly(guard));
              java.nio.channels.FileLock ignored = ch.lock()) {
            LockInfo now = readLock(path);
            if (now == null || !now.id().equals(info.id())) {
              closed = true;
              warnings.accept(
                  "The lock on stack "
                      + stack
                      + " ("
                      + info.id()
                      + ") was removed or taken by another run (force-unlock?). This run's"
                      + " state writes still check serial and lineage, so none overwrites"
                      + " another run's.");
              return;
            }
            LockInfo next = info.renewedAt(heartbeat.clock().instant());
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp-" + UUID.randomUUID());
            try {
              writeNew(tmp, mapper.writeValueAsBytes(next));
              moveIntoPlace(tmp, path);
            } finally {
              deleteQuietly(tmp);
            }
            info = next;
          } catch (IOException | RuntimeException e) {
            if (!warned) {
              warned = true; // once: a full disk would otherwise repeat it every period
              warnings.accept(
                  "Cannot renew the heartbeat of the lock on stack "
                      + stack
                      + " ("
                      + (e instanceof IOException io
                          ? StateIo.describe(io, path.getParent())
                          : e.getMessage())
                      + "); another run may take the lock over once it is "
                      + Durations.human(heartbeat.staleAfter())
                      + " old.");
            }
          }
        }
      }
    }

    private synchronized void release() {
      if (closed) {
        return;
      }
      closed = true;
      renewer.shutdownNow();
      try {
        LockInfo now = readLock(path);
        if (now != null && now.id().equals(info.id())) {
          Files.deleteIfExists(path);
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: a lock left behind by a dead process is taken over on the next run.
      }
    }

    @Override
    public void close() {
      release();
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran; release() is idempotent
      }
    }
  }
}
