package dev.deployer.cloud.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Durations;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.state.LockHeartbeat;
import dev.deployer.core.state.LockInfo;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateException;
import dev.deployer.core.state.StateLock;
import dev.deployer.core.state.StateLockedException;
import dev.deployer.core.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * State in an S3 object, {@code <prefix><stack>.json}, locked by a second object beside it.
 *
 * <p>The lock is created with {@code If-None-Match: *}, so of two runs anywhere exactly one gets
 * it; the holder renews it (a heartbeat) so others can tell a live holder from a dead one. The
 * state is written with {@code If-Match} on the ETag this store last read or wrote, so even a
 * broken lock cannot lose an update: the second writer's PUT fails. Every write is one PUT of the
 * whole state, which makes "intent before the call" one round trip per operation; bucket versioning
 * keeps every earlier state.
 *
 * <p>AWS answers a failed condition with 412 PreconditionFailed, and a write racing another
 * conditional write on the same key with 409 ConditionalRequestConflict, which its documentation
 * says to retry; the retry then sees the other write's outcome (usually a 412).
 */
public final class S3StateStore implements StateStore {
  /** How often a holder renews its lock; a lock not renewed for 3 periods is reported as stale. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  private final S3Client s3;
  private final S3Location location;
  private final String stack;
  private final LockOwner owner;
  private final Retrier retrier;
  private final LockHeartbeat heartbeat;
  private final ObjectMapper mapper = Json.mapper();

  /** The state and ETag this store last read or wrote: what the next write must replace. */
  private StackState known;

  private String knownEtag;
  private boolean loaded;
  private boolean versioningChecked;

  public S3StateStore(
      S3Client s3,
      S3Location location,
      String stack,
      LockOwner owner,
      Retrier retrier,
      Duration heartbeat) {
    this.s3 = s3;
    this.location = location;
    this.stack = stack;
    this.owner = owner;
    this.retrier = retrier;
    this.heartbeat = new LockHeartbeat(retrier.clock(), heartbeat);
  }

  @Override
  public String stack() {
    return stack;
  }

  public S3Location s3Location() {
    return location;
  }

  @Override
  public String location() {
    return location.uri(location.stateKey(stack));
  }

  private String stateKey() {
    return location.stateKey(stack);
  }

  private String lockKey() {
    return location.lockKey(stack);
  }

  @Override
  public synchronized Optional<StackState> read() {
    Optional<Fetched> f = fetch(stateKey());
    known = f.map(x -> parseState(x.bytes)).orElse(null);
    knownEtag = f.map(Fetched::etag).orElse(null);
    loaded = true;
    return Optional.ofNullable(known);
  }

  private StackState parseState(byte[] bytes) {
    StackState s;
    try {
      s = mapper.readValue(bytes, StackState.class);
    } catch (IOException e) {
      throw StateException.unreadableState(
          location(),
          e,
          "Earlier versions are kept by bucket versioning: 'aws s3api list-object-versions"
              + " --bucket "
              + location.bucket()
              + " --prefix "
              + stateKey()
              + "'");
    }
    return StateStore.requireReadable(stack, location(), s);
  }

  @Override
  public synchronized void write(StackState state) {
    if (!loaded) {
      read();
    }
    if (known != null) {
      StateStore.requireSuccessor(stack, location(), known.lineage(), known.serial(), state);
    }
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new StateException("cannot serialize the state of " + stack + ": " + e.getMessage(), e);
    }
    String expected = knownEtag;
    PutObjectRequest.Builder put = putRequest(stateKey());
    if (expected == null) {
      put.ifNoneMatch("*");
    } else {
      put.ifMatch(expected);
    }
    try {
      PutObjectResponse r =
          conditional(
              "writing " + location(),
              () -> s3.putObject(put.build(), RequestBody.fromBytes(bytes)));
      known = state;
      knownEtag = r.eTag();
    } catch (S3Exception e) {
      if (isPreconditionFailed(e) || isNoSuchKey(e)) {
        throw new StateException(
            "refusing to write state for "
                + stack
                + ": the conditional PUT of "
                + location()
                + (expected == null
                    ? " with If-None-Match: * failed: the state was created by another run"
                    : " with If-Match: "
                        + expected
                        + " failed: the state was changed or removed by another run")
                + " since this one read it (serial "
                + (known == null ? "none" : known.serial())
                + ", now "
                + currentSerialForMessage()
                + "). Nothing was overwritten; run the command again.",
            e);
      }
      throw new StateException("cannot write state " + location() + ": " + e.getMessage(), e);
    }
  }

  private String currentSerialForMessage() {
    try {
      return fetch(stateKey())
          .map(f -> Long.toString(parseState(f.bytes).serial()))
          .orElse("deleted");
    } catch (RuntimeException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private PutObjectRequest.Builder putRequest(String key) {
    PutObjectRequest.Builder b =
        PutObjectRequest.builder()
            .bucket(location.bucket())
            .key(key)
            .contentType("application/json");
    location
        .kmsKeyId()
        .ifPresent(k -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(k));
    return b;
  }

  private record Fetched(byte[] bytes, String etag) {}

  private Optional<Fetched> fetch(String key) {
    try {
      ResponseBytes<GetObjectResponse> r =
          retrier.call(
              "reading " + location.uri(key),
              () ->
                  s3.getObjectAsBytes(
                      GetObjectRequest.builder().bucket(location.bucket()).key(key).build()),
              S3StateStore::isThrottleOrServerError);
      return Optional.of(new Fetched(r.asByteArray(), r.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (isNoSuchKey(e)) {
        return Optional.empty();
      }
      throw new StateException("cannot read " + location.uri(key) + ": " + describe(e), e);
    }
  }

  /** A conditional call, retried on 409 ConditionalRequestConflict as AWS documents. */
  private <T> T conditional(String what, java.util.concurrent.Callable<T> call) {
    return retrier.call(what, call, e -> isConditionalConflict(e) || isThrottleOrServerError(e));
  }

  static boolean isPreconditionFailed(Throwable e) {
    return e instanceof S3Exception s && s.statusCode() == 412;
  }

  static boolean isConditionalConflict(Throwable e) {
    return e instanceof S3Exception s && s.statusCode() == 409;
  }

  /** A missing key, not a missing bucket: a wrong bucket name must not read as "no state yet". */
  static boolean isNoSuchKey(Throwable e) {
    return e instanceof NoSuchKeyException
        || e instanceof S3Exception s
            && s.statusCode() == 404
            && s.awsErrorDetails() != null
            && "NoSuchKey".equals(s.awsErrorDetails().errorCode());
  }

  private static boolean isThrottleOrServerError(Throwable e) {
    // 501 NotImplemented is an answer, not a passing fault.
    return e instanceof S3Exception s && s.statusCode() >= 500 && s.statusCode() != 501;
  }

  private static String describe(S3Exception e) {
    return e.awsErrorDetails() == null
        ? e.getMessage()
        : e.awsErrorDetails().errorCode() + " (" + e.statusCode() + ")";
  }

  // ---- the lock ----

  /** The lock object's JSON: {@link LockInfo} plus when the holder last renewed it. */
  record LockBody(
      @JsonProperty("id") String id,
      @JsonProperty("operation") String operation,
      @JsonProperty("who") String who,
      @JsonProperty("pid") long pid,
      @JsonProperty("host") String host,
      @JsonProperty("created") String created,
      @JsonProperty("renewed") String renewed) {
    LockInfo info() {
      return new LockInfo(id, operation, who, pid, host, created);
    }

    LockBody renewedAt(Instant t) {
      return new LockBody(id, operation, who, pid, host, created, t.toString());
    }
  }

  private record HeldBody(LockBody body, String etag) {}

  @Override
  public StateLock lock(String operation, Consumer<String> warnings) {
    checkVersioning(warnings);
    Instant now = heartbeat.clock().instant();
    LockBody mine =
        new LockBody(
            UUID.randomUUID().toString(),
            operation,
            owner.who(),
            owner.pid(),
            owner.host(),
            now.toString(),
            now.toString());
    for (int attempt = 0; attempt < 3; attempt++) {
      PutObjectRequest create = putRequest(lockKey()).ifNoneMatch("*").build();
      try {
        PutObjectResponse r =
            conditional(
                "creating lock " + location.uri(lockKey()),
                () -> s3.putObject(create, RequestBody.fromBytes(json(mine))));
        return new S3Lock(mine, r.eTag(), warnings);
      } catch (S3Exception e) {
        if (!isPreconditionFailed(e)) {
          throw new StateException(
              "cannot create lock " + location.uri(lockKey()) + ": " + describe(e), e);
        }
      }
      Optional<HeldBody> holder = readLock();
      if (holder.isEmpty()) {
        continue; // released between our attempt and the read
      }
      LockBody h = holder.get().body();
      Optional<Duration> stale = staleFor(h);
      boolean gone = owner.holderGone(h.host(), h.pid());
      if (gone || stale.isPresent()) {
        // Replacing exactly the stale object (If-Match) means two runs taking over at once cannot
        // both win.
        PutObjectRequest takeOver = putRequest(lockKey()).ifMatch(holder.get().etag()).build();
        try {
          PutObjectResponse r =
              conditional(
                  "taking over lock " + location.uri(lockKey()),
                  () -> s3.putObject(takeOver, RequestBody.fromBytes(json(mine))));
          warnings.accept(
              "Took over the lock on stack "
                  + stack
                  + " left by process "
                  + h.pid()
                  + " on "
                  + h.host()
                  + " ("
                  + h.operation()
                  + ", "
                  + h.created()
                  + "), "
                  // The provable reason first: a dead process of this host says more than a
                  // heartbeat that merely stopped.
                  + (!gone
                      ? "whose heartbeat stopped "
                          + Durations.human(stale.orElseThrow())
                          + " ago (a running holder renews it every "
                          + Durations.human(heartbeat.period())
                          + ")."
                      : "which is no longer running."));
          return new S3Lock(mine, r.eTag(), warnings);
        } catch (S3Exception e) {
          if (!isPreconditionFailed(e) && !isNoSuchKey(e)) {
            throw new StateException(
                "cannot take over lock " + location.uri(lockKey()) + ": " + describe(e), e);
          }
          continue; // someone else changed it first; look again
        }
      }
      throw new StateLockedException(
          stack, h.info(), "object " + location.uri(lockKey()), staleness(h));
    }
    throw new StateException("could not take the lock " + location.uri(lockKey()) + "; try again");
  }

  /**
   * How long ago a lock of any host was last renewed, when that is more than three heartbeats: its
   * holder has stopped (a CI container restarted under another name), and the lock is taken over.
   * The state's own If-Match still keeps a holder that was only paused from overwriting anything.
   */
  private Optional<Duration> staleFor(LockBody h) {
    if (MOVED_HOST.equals(h.host())) {
      return Optional.empty();
    }
    return heartbeat.age(h.renewed()).filter(heartbeat::isStale);
  }

  private String staleness(LockBody h) {
    if (MOVED_HOST.equals(h.host())) {
      return "; it marks a migrated state: point the config's state section (or --state) at the"
          + " new location instead of unlocking";
    }
    Optional<Duration> age = heartbeat.age(h.renewed() == null ? h.created() : h.renewed());
    if (age.isEmpty()) {
      return "";
    }
    String ago = Durations.human(age.get());
    if (heartbeat.isStale(age.get())) {
      return "; its holder stopped renewing it "
          + ago
          + " ago (it renews every "
          + Durations.human(heartbeat.period())
          + "), so that run has probably stopped";
    }
    return "; last renewed " + ago + " ago";
  }

  private byte[] json(LockBody b) {
    try {
      return mapper.writeValueAsBytes(b);
    } catch (IOException e) {
      throw new StateException("cannot serialize lock: " + e.getMessage(), e);
    }
  }

  private Optional<HeldBody> readLock() {
    return fetch(lockKey())
        .map(
            f -> {
              try {
                return new HeldBody(mapper.readValue(f.bytes, LockBody.class), f.etag);
              } catch (IOException e) {
                throw StateException.unreadableLock(
                    "lock object " + location.uri(lockKey()), e, "delete it");
              }
            });
  }

  /** The current lock, if any (for status and tests). */
  public Optional<LockInfo> holder() {
    return readLock().map(h -> h.body().info());
  }

  @Override
  public void forceUnlock(String lockId) {
    Optional<HeldBody> h = readLock();
    StateStore.requireHeldLock(
        stack, location.uri(lockKey()), h.map(x -> x.body().id()).orElse(null), lockId);
    if (!deleteLockIfStill(h.get().etag())) {
      throw new StateException(
          "the lock on stack " + stack + " changed while unlocking; nothing was changed");
    }
  }

  /** Deletes the lock only if it is still the object with {@code etag}. */
  private boolean deleteLockIfStill(String etag) {
    try {
      conditional(
          "deleting lock " + location.uri(lockKey()),
          () ->
              s3.deleteObject(
                  DeleteObjectRequest.builder()
                      .bucket(location.bucket())
                      .key(lockKey())
                      .ifMatch(etag)
                      .build()));
      return true;
    } catch (S3Exception e) {
      if (isPreconditionFailed(e) || isNoSuchKey(e)) {
        return false;
      }
      if (e.statusCode() == 501) {
        return deleteLockWithoutCondition(etag);
      }
      throw new StateException(
          "cannot delete lock " + location.uri(lockKey()) + ": " + describe(e), e);
    }
  }

  /**
   * For S3-compatible stores without conditional deletes (LocalStack 2026.3.0 answers 501): checks
   * the ETag, then deletes. Only a lock replaced in the instant between the two could be lost, and
   * the state's own If-Match still keeps any write from being overwritten.
   */
  private boolean deleteLockWithoutCondition(String etag) {
    Optional<Fetched> now = fetch(lockKey());
    if (now.isEmpty() || !sameEtag(now.get().etag(), etag)) {
      return false;
    }
    s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(lockKey()).build());
    return true;
  }

  private static boolean sameEtag(String a, String b) {
    return a != null && b != null && a.replace("\"", "").equals(b.replace("\"", ""));
  }

  private void checkVersioning(Consumer<String> warnings) {
    if (versioningChecked) {
      return;
    }
    versioningChecked = true;
    try {
      BucketVersioningStatus status =
          s3.getBucketVersioning(b -> b.bucket(location.bucket())).status();
      if (status != BucketVersioningStatus.ENABLED) {
        warnings.accept(
            "Bucket "
                + location.bucket()
                + " does not have versioning enabled"
                + (status == null ? "" : " (it is " + status + ")")
                + ": an overwritten state cannot be restored. Enable it: 'aws s3api"
                + " put-bucket-versioning --bucket "
                + location.bucket()
                + " --versioning-configuration Status=Enabled' (docs/teams.md).");
      }
    } catch (S3Exception e) {
      warnings.accept(
          "Cannot check versioning of bucket "
              + location.bucket()
              + " ("
              + describe(e)
              + "); deployer expects it enabled so every earlier state can be restored.");
    }
  }

  /** A held lock, renewed in the background until closed. */
  private final class S3Lock implements StateLock {
    private final LockBody body;
    private final Consumer<String> warnings;
    private final ScheduledExecutorService renewer;
    private String etag;
    private boolean lost;

    S3Lock(LockBody body, String etag, Consumer<String> warnings) {
      this.body = body;
      this.etag = etag;
      this.warnings = warnings;
      this.renewer = heartbeat.start(stack, this::renew);
    }

    @Override
    public LockInfo info() {
      return body.info();
    }

    S3StateStore outer() {
      return S3StateStore.this;
    }

    private synchronized void renew() {
      if (lost) {
        return;
      }
      LockBody next = body.renewedAt(heartbeat.clock().instant());
      try {
        etag =
            s3.putObject(
                    putRequest(lockKey()).ifMatch(etag).build(), RequestBody.fromBytes(json(next)))
                .eTag();
      } catch (S3Exception e) {
        if (isPreconditionFailed(e) || isNoSuchKey(e)) {
          lost = true;
          warnings.accept(
              "The lock on stack "
                  + stack
                  + " ("
                  + body.id()
                  + ") was removed or taken by someone else (force-unlock?). This run's state"
                  + " writes still check the state's ETag, so none can overwrite another run's.");
        } else if (!isConditionalConflict(e)) {
          warnings.accept("Could not renew the lock on stack " + stack + ": " + describe(e));
        }
      } catch (RuntimeException e) {
        warnings.accept("Could not renew the lock on stack " + stack + ": " + e.getMessage());
      }
    }

    /** Puts {@code marker} in place of this lock and keeps it there (close leaves it). */
    synchronized void replaceWith(LockBody marker) {
      if (lost) {
        throw new StateException(
            "the lock on stack " + stack + " was taken by someone else; not marking it moved");
      }
      String current = etag;
      conditional(
          "marking " + location.uri(lockKey()),
          () ->
              s3.putObject(
                  putRequest(lockKey()).ifMatch(current).build(),
                  RequestBody.fromBytes(json(marker))));
      lost = true;
      renewer.shutdownNow();
    }

    @Override
    public void close() {
      renewer.shutdownNow();
      try {
        renewer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        if (!lost) {
          try {
            deleteLockIfStill(etag);
          } catch (RuntimeException e) {
            // Best effort: the lock shows its holder and age, and force-unlock frees it.
            warnings.accept("Could not release the lock on stack " + stack + ": " + e.getMessage());
          }
        }
      }
    }
  }

  // ---- history, for migration ----

  private static final String MOVED_HOST = "(state moved)";

  /**
   * After the state moved elsewhere ({@code where}), leaves a lock that no run takes over (its host
   * is no real host), so a run still pointed at this location is refused and told where the state
   * went instead of finding no state and planning to create everything again.
   */
  public void leaveMovedMarker(StateLock held, String where) {
    if (!(held instanceof S3Lock l) || l.outer() != this) {
      throw new IllegalArgumentException("not a lock of this store");
    }
    Instant now = heartbeat.clock().instant();
    l.replaceWith(
        new LockBody(
            "moved-" + UUID.randomUUID(),
            "state migrate: the state is now at " + where,
            owner.who(),
            0,
            MOVED_HOST,
            now.toString(),
            now.toString()));
  }

  /**
   * Every stored version of the state, oldest first (bucket versioning keeps them), ending with the
   * current one. Without versioning this is just the current state.
   */
  public List<StackState> history() {
    List<ObjectVersion> versions = new ArrayList<>();
    String keyMarker = null;
    String versionMarker = null;
    do {
      String km = keyMarker;
      String vm = versionMarker;
      ListObjectVersionsResponse r =
          s3.listObjectVersions(
              b ->
                  b.bucket(location.bucket()).prefix(stateKey()).keyMarker(km).versionIdMarker(vm));
      r.versions().stream().filter(v -> v.key().equals(stateKey())).forEach(versions::add);
      keyMarker = r.isTruncated() ? r.nextKeyMarker() : null;
      versionMarker = r.isTruncated() ? r.nextVersionIdMarker() : null;
    } while (keyMarker != null);
    // Serials order the versions; LastModified has one-second resolution and can tie.
    java.util.TreeMap<Long, StackState> bySerial = new java.util.TreeMap<>();
    for (ObjectVersion v : versions) {
      if (v.versionId() == null || "null".equals(v.versionId())) {
        continue;
      }
      byte[] bytes =
          s3.getObjectAsBytes(
                  GetObjectRequest.builder()
                      .bucket(location.bucket())
                      .key(stateKey())
                      .versionId(v.versionId())
                      .build())
              .asByteArray();
      StackState st = parseState(bytes);
      bySerial.put(st.serial(), st);
    }
    read().ifPresent(c -> bySerial.put(c.serial(), c));
    List<StackState> out = new ArrayList<>(bySerial.values());
    return out;
  }

  /**
   * Removes the current state (after a migration away from S3), only if it is still what this store
   * last read. With versioning the removed state stays as a non-current version.
   */
  public synchronized void deleteIfUnchanged() {
    if (knownEtag == null) {
      throw new StateException("no state read from " + location() + " to delete");
    }
    String etag = knownEtag;
    try {
      conditional(
          "deleting " + location(),
          () ->
              s3.deleteObject(
                  DeleteObjectRequest.builder()
                      .bucket(location.bucket())
                      .key(stateKey())
                      .ifMatch(etag)
                      .build()));
      known = null;
      knownEtag = null;
    } catch (S3Exception e) {
      throw new StateException(
          "cannot remove " + location() + " after migrating it: " + describe(e), e);
    }
  }
}
