package dev.deployer.core.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk for {@link FileStateStore} that fills up: once {@code capacity} bytes have been written,
 * every further write fails as Linux reports ENOSPC; or one whose directory is read-only, where
 * opening a file for writing fails with EROFS. The files are real, so what a failure leaves behind
 * can be listed.
 */
public final class FaultyDisk implements FileStateStore.Disk {
  private final AtomicLong left;
  private final boolean readOnly;

  private FaultyDisk(long capacity, boolean readOnly) {
    this.left = new AtomicLong(capacity);
    this.readOnly = readOnly;
  }

  public static FaultyDisk fillingAfter(long bytes) {
    return new FaultyDisk(bytes, false);
  }

  public static FaultyDisk readOnly() {
    return new FaultyDisk(Long.MAX_VALUE, true);
  }

  public void fill() {
    left.set(0);
  }

  @Override
  public FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    if (readOnly) {
      throw new FileSystemException(path.toString(), null, "Read-only file system");
    }
    return new Filling(FileChannel.open(path, options, attrs), path);
  }

  private final class Filling extends FileChannel {
    private final FileChannel real;
    private final Path path;

    Filling(FileChannel real, Path path) {
      this.real = real;
      this.path = path;
    }

    private int take(ByteBuffer src) throws IOException {
      int n = src.remaining();
      if (left.addAndGet(-n) < 0) {
        left.addAndGet(n);
        throw new IOException("No space left on device");
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      take(src);
      return real.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      take(src);
      return real.write(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        n += write(srcs[i]);
      }
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      throw new IOException("not used by the store: " + path);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      throw new IOException("not used by the store: " + path);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
