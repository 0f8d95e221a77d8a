package dev.deployer.core.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/** Plain words for the I/O errors a state directory meets, each with what to do. */
final class StateIo {
  private StateIo() {}

  static boolean diskFull(IOException e) {
    String m = reason(e).toLowerCase(Locale.ROOT);
    return m.contains("no space left") || m.contains("disk quota exceeded");
  }

  static boolean readOnly(IOException e) {
    String m = reason(e).toLowerCase(Locale.ROOT);
    return e instanceof AccessDeniedException
        || m.contains("read-only file system")
        || m.contains("permission denied");
  }

  static String describe(IOException e, Path dir) {
    if (diskFull(e)) {
      return "the disk holding "
          + dir
          + " is full ("
          + reason(e)
          + "). Free space there and run again; the state keeps every operation recorded before"
          + " this write";
    }
    if (readOnly(e)) {
      return dir
          + " is not writable ("
          + reason(e)
          + "). Make it writable, or point --state-dir at a writable copy; for a read-only plan"
          + " (audit, CI) run 'deployer plan --lock=false'";
    }
    return reason(e);
  }

  /** The OS's reason: FileSystemException's message is "path: reason", or only the path. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      if (f.getReason() != null) {
        return f.getReason();
      }
      return e.getClass().getSimpleName() + " on " + f.getFile();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
