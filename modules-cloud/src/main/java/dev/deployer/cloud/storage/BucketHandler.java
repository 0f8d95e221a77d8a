package dev.deployer.cloud.storage;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.cloud.Tags;
import dev.deployer.core.DeployerException;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** {@code aws_s3_bucket}: the bucket with encryption, ownership, versioning and tags. */
public final class BucketHandler extends AwsHandler<BucketSpec> {
  public static final ResourceType<BucketSpec> TYPE =
      ResourceType.of("aws_s3_bucket", BucketSpec.class)
          .outputs("bucket", "arn")
          .replaceOnChange("bucket")
          .identifiedBy("bucket");

  public BucketHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  private Map<String, Object> outputs(String bucket) {
    return Map.of("bucket", bucket, "arn", aws.partition().s3Arn(bucket));
  }

  @Override
  public Optional<Observed<BucketSpec>> read(HandlerContext ctx, String id, BucketSpec prior) {
    S3Client s3 = aws.s3();
    if (!exists(id)) {
      return Optional.empty();
    }
    String sse = null;
    String kmsKey = null;
    try {
      List<ServerSideEncryptionRule> rules =
          s3.getBucketEncryption(b -> b.bucket(id)).serverSideEncryptionConfiguration().rules();
      if (!rules.isEmpty() && rules.get(0).applyServerSideEncryptionByDefault() != null) {
        sse = rules.get(0).applyServerSideEncryptionByDefault().sseAlgorithmAsString();
        kmsKey = rules.get(0).applyServerSideEncryptionByDefault().kmsMasterKeyID();
      }
    } catch (AwsServiceException e) {
      if (!"ServerSideEncryptionConfigurationNotFoundError".equals(AwsErrors.code(e))) {
        throw e;
      }
    }
    String ownership = null;
    try {
      List<OwnershipControlsRule> rules =
          s3.getBucketOwnershipControls(b -> b.bucket(id)).ownershipControls().rules();
      ownership = rules.isEmpty() ? null : rules.get(0).objectOwnershipAsString();
    } catch (AwsServiceException e) {
      if (!"OwnershipControlsNotFoundError".equals(AwsErrors.code(e))) {
        throw e;
      }
    }
    boolean versioning =
        s3.getBucketVersioning(b -> b.bucket(id)).status() == BucketVersioningStatus.ENABLED;
    Map<String, String> tags;
    try {
      tags = Tags.from(s3.getBucketTagging(b -> b.bucket(id)).tagSet());
    } catch (AwsServiceException e) {
      if (!"NoSuchTagSet".equals(AwsErrors.code(e)) && e.statusCode() != 404) {
        throw e;
      }
      tags = Map.of();
    }
    boolean force = prior != null && prior.forceDestroy(); // not an AWS property
    return Optional.of(
        new Observed<>(
            new BucketSpec(id, sse, ownership, versioning, force, tags, kmsKey), outputs(id)));
  }

  @Override
  public Created create(HandlerContext ctx, BucketSpec spec) {
    S3Client s3 = aws.s3();
    String region = aws.region();
    // S3 in us-east-1 answers 200 to CreateBucket for a bucket this account already owns, so the
    // create alone cannot tell a new bucket from another stack's: look first.
    Optional<Map<String, String>> existing = ownerTags(spec.bucket());
    if (existing.isPresent()) {
      return adoptOrRefuse(ctx, spec, existing.get());
    }
    try {
      // The tags go with the create, so the bucket is never without its deployer:stack and
      // deployer:address tags: a run stopped right after CreateBucket (kill -9, a second Ctrl-C)
      // leaves a bucket the next run can prove is its own and adopt, instead of an untagged one it
      // must refuse. S3 applies CreateBucketConfiguration.Tags with the create (it needs
      // s3:TagResource besides s3:CreateBucket).
      boolean tagged = !spec.tags().isEmpty();
      boolean located = !"us-east-1".equals(region);
      CreateBucketConfiguration.Builder config = CreateBucketConfiguration.builder();
      if (tagged) {
        config.tags(Tags.s3(spec.tags()));
      }
      if (located) {
        config.locationConstraint(BucketLocationConstraint.fromValue(region));
      }
      s3.createBucket(
          b -> {
            b.bucket(spec.bucket());
            if (tagged || located) {
              b.createBucketConfiguration(config.build());
            }
          });
    } catch (BucketAlreadyOwnedByYouException e) {
      // Created by someone else of this account between the look and the create.
      return adoptOrRefuse(ctx, spec, ownerTags(spec.bucket()).orElse(Map.of()));
    } catch (BucketAlreadyExistsException e) {
      throw new DeployerException(
          "s3://"
              + spec.bucket()
              + " already exists in another AWS account (S3 bucket names are global): choose"
              + " another bucket name in the configuration.");
    } catch (AwsServiceException e) {
      if (e.statusCode() == 403 && !spec.tags().isEmpty()) {
        // A policy written for CreateBucket alone (as many are, from before tags went with the
        // create) now refuses the create as a bare AccessDenied: say which action is missing.
        String denied =
            String.format(
                "CreateBucket of s3://%s was denied (%s): a create with tags needs s3:TagResource"
                    + " besides s3:CreateBucket; grant both to the deploying principal (`deployer"
                    + " doctor` checks them).",
                spec.bucket(), e.awsErrorDetails().errorCode());
        throw new DeployerException(denied, e);
      }
      throw e;
    }
    // The bucket exists from here on: settings are applied by the same path as an update. The
    // tags are put once more: on S3 a rewrite of the same set, but moto 5.2.5 ignores the tags of
    // a CreateBucket (docs/real-service-behaviours.md).
    apply(spec, null);
    return new Created(spec.bucket(), outputs(spec.bucket()));
  }

  /**
   * A bucket of the configured name exists in this account: adopted only when its tags say it is
   * this stack's object at this address (a create of ours that was not recorded); otherwise
   * refused, naming whose it is. Never re-tagged, emptied or deleted on a guess.
   */
  private Created adoptOrRefuse(HandlerContext ctx, BucketSpec spec, Map<String, String> tags) {
    String stack = tags.get("deployer:stack");
    String address = tags.get("deployer:address");
    if (ctx.stack().equals(stack) && ctx.address().equals(address)) {
      ctx.report(
          "s3://"
              + spec.bucket()
              + " already exists and carries this stack's deployer:stack and deployer:address"
              + " tags: adopted");
      BucketSpec now = read(ctx, spec.bucket(), spec).map(Observed::spec).orElse(null);
      apply(spec, now);
      return new Created(spec.bucket(), outputs(spec.bucket()));
    }
    String owner =
        stack == null
            ? "it carries no deployer:stack tag, so no deployer stack can be shown to own it"
            : "it belongs to stack '"
                + stack
                + "' (deployer:address "
                + address
                + "), and taking it over would let that stack's bucket be emptied and deleted"
                + " from here";
    throw new DeployerException(
        "s3://"
            + spec.bucket()
            + " already exists in this AWS account and is not this stack's: "
            + owner
            + ". Nothing was changed. Choose another bucket name in the configuration"
            + (stack == null || stack.equals(ctx.stack())
                ? "; or, if this stack should manage it, adopt it with 'deployer import --env "
                    + ctx.stack()
                    + " "
                    + ctx.address()
                    + " "
                    + spec.bucket()
                    + "'."
                : "."));
  }

  /**
   * The tags of the bucket named {@code bucket} when it exists in this account (empty map when it
   * has none); empty when there is no such bucket. Refuses a bucket of another account (403) or
   * another region (301), which this run cannot prove to be its own.
   */
  private Optional<Map<String, String>> ownerTags(String bucket) {
    S3Client s3 = aws.s3();
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      if (e.statusCode() == 403) {
        throw new DeployerException(
            "s3://"
                + bucket
                + " already exists and this account may not read it (HeadBucket answered 403):"
                + " it is another account's. S3 bucket names are global: choose another name.");
      }
      if (e.statusCode() == 301) {
        throw new DeployerException(
            "s3://"
                + bucket
                + " already exists in another region than "
                + aws.region()
                + " (HeadBucket answered 301); deployer does not take it over. Choose another"
                + " name, or import it from a stack configured for its region.");
      }
      throw e;
    }
    try {
      return Optional.of(Tags.from(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()));
    } catch (AwsServiceException e) {
      if ("NoSuchTagSet".equals(AwsErrors.code(e)) || e.statusCode() == 404) {
        return Optional.of(Map.of());
      }
      throw e;
    }
  }

  /** Looked up before every create: {@link #findExisting} goes by the ownership tags only. */
  @Override
  public boolean findsOnlyOwnObjects() {
    return true;
  }

  @Override
  public Optional<String> dataHeld(HandlerContext ctx, String id, BucketSpec prior) {
    try {
      var page = aws.s3().listObjectVersions(r -> r.bucket(id).maxKeys(1));
      if (page.versions().isEmpty() && page.deleteMarkers().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("s3://" + id + " holds objects");
    } catch (NoSuchBucketException e) {
      return Optional.empty();
    }
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, BucketSpec prior, BucketSpec desired) {
    apply(desired, prior);
    return outputs(id);
  }

  private void apply(BucketSpec spec, BucketSpec prior) {
    S3Client s3 = aws.s3();
    String b = spec.bucket();
    setting(
        prior,
        spec,
        List.of(BucketSpec::sseAlgorithm, BucketSpec::kmsKeyArn),
        spec.sseAlgorithm() != null,
        () ->
            s3.putBucketEncryption(
                r ->
                    r.bucket(b)
                        .serverSideEncryptionConfiguration(
                            c ->
                                c.rules(
                                    ServerSideEncryptionRule.builder()
                                        .applyServerSideEncryptionByDefault(
                                            d ->
                                                d.sseAlgorithm(
                                                        ServerSideEncryption.fromValue(
                                                            spec.sseAlgorithm()))
                                                    .kmsMasterKeyID(spec.kmsKeyArn()))
                                        .bucketKeyEnabled(true)
                                        .build()))),
        () -> s3.deleteBucketEncryption(r -> r.bucket(b)));
    setting(
        prior,
        spec,
        List.of(BucketSpec::objectOwnership),
        spec.objectOwnership() != null,
        () ->
            s3.putBucketOwnershipControls(
                r ->
                    r.bucket(b)
                        .ownershipControls(
                            c ->
                                c.rules(
                                    OwnershipControlsRule.builder()
                                        .objectOwnership(
                                            ObjectOwnership.fromValue(spec.objectOwnership()))
                                        .build()))),
        () -> s3.deleteBucketOwnershipControls(r -> r.bucket(b)));
    if (prior == null ? spec.versioning() : prior.versioning() != spec.versioning()) {
      s3.putBucketVersioning(
          r ->
              r.bucket(b)
                  .versioningConfiguration(
                      v ->
                          v.status(
                              spec.versioning()
                                  ? BucketVersioningStatus.ENABLED
                                  : BucketVersioningStatus.SUSPENDED)));
    }
    setting(
        prior,
        spec,
        List.of(BucketSpec::tags),
        !spec.tags().isEmpty(),
        () -> s3.putBucketTagging(r -> r.bucket(b).tagging(t -> t.tagSet(Tags.s3(spec.tags())))),
        () -> s3.deleteBucketTagging(r -> r.bucket(b)));
  }

  /**
   * A bucket setting S3 keeps as one document (encryption, ownership controls, tags), written only
   * for a new bucket or when one of its {@code fields} changed: put when {@code wanted}, else
   * deleted (S3 has no empty form of it).
   */
  private static void setting(
      BucketSpec prior,
      BucketSpec spec,
      List<Function<BucketSpec, Object>> fields,
      boolean wanted,
      Runnable put,
      Runnable delete) {
    if (prior == null
        || fields.stream().anyMatch(f -> !Objects.equals(f.apply(prior), f.apply(spec)))) {
      if (wanted) {
        put.run();
      } else {
        delete.run();
      }
    }
  }

  @Override
  public void delete(HandlerContext ctx, String id, BucketSpec prior) {
    deleteBucket(ctx, aws.s3(), id, prior.forceDestroy(), EMPTY_TIMEOUT);
  }

  /**
   * How long a force-destroyed bucket may keep receiving objects (log deliveries) while emptied.
   */
  static final Duration EMPTY_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Deletes the bucket; with {@code forceDestroy}, first every object version and delete marker (a
   * bucket holding only noncurrent versions or delete markers is not empty to S3). Writers that
   * have not stopped yet (Databricks, log delivery) can add objects between the emptying and the
   * delete, which S3 answers with {@code BucketNotEmpty}: then it empties again, until the
   * deadline.
   */
  static void deleteBucket(
      HandlerContext ctx, S3Client s3, String bucket, boolean forceDestroy, Duration timeout) {
    if (!forceDestroy) {
      try {
        ignoreNotFound(() -> s3.deleteBucket(r -> r.bucket(bucket)));
      } catch (AwsServiceException e) {
        if ("BucketNotEmpty".equals(AwsErrors.code(e))) {
          throw new DeployerException(
              "s3://"
                  + bucket
                  + " still holds objects (or object versions), and force_destroy is off for it:"
                  + " empty it yourself or set force_destroy, then destroy again.");
        }
        throw e;
      }
      return;
    }
    ctx.waiter()
        .until(
            "s3://" + bucket + " emptied and deleted",
            timeout,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            () -> emptyAndDelete(ctx, s3, bucket),
            left -> left == 0 ? Waiter.State.DONE : Waiter.State.PENDING,
            left ->
                "s3://"
                    + bucket
                    + " received objects while being emptied ("
                    + left
                    + " removed); emptying again",
            ctx::report);
  }

  /** Empties and deletes; returns 0 when the bucket is gone, else how many versions it removed. */
  private static int emptyAndDelete(HandlerContext ctx, S3Client s3, String bucket) {
    return unlessNotFound(
            () -> {
              int removed = empty(ctx, s3, bucket);
              try {
                s3.deleteBucket(r -> r.bucket(bucket));
                return Optional.of(0);
              } catch (AwsServiceException e) {
                if ("BucketNotEmpty".equals(AwsErrors.code(e))) {
                  return Optional.of(Math.max(removed, 1));
                }
                throw e;
              }
            })
        .orElse(0); // already gone
  }

  /**
   * Deletes every object version and delete marker, a page (at most 1000) at a time. DeleteObjects
   * answers 200 even when some keys fail (AccessDenied, Object Lock): those are errors here.
   */
  private static int empty(HandlerContext ctx, S3Client s3, String bucket) {
    int removed = 0;
    for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket))) {
      List<ObjectIdentifier> ids = new java.util.ArrayList<>();
      page.versions()
          .forEach(
              v ->
                  ids.add(
                      ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
      page.deleteMarkers()
          .forEach(
              v ->
                  ids.add(
                      ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
      if (!ids.isEmpty()) {
        DeleteObjectsResponse res =
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        if (res.hasErrors() && !res.errors().isEmpty()) {
          List<S3Error> errors = res.errors();
          throw new DeployerException(
              "s3://"
                  + bucket
                  + ": "
                  + errors.size()
                  + " object version(s) could not be deleted, e.g. "
                  + errors.stream()
                      .limit(3)
                      .map(
                          e ->
                              e.key() + " (" + e.versionId() + "): " + e.code() + " " + e.message())
                      .toList());
        }
        removed += ids.size();
      }
    }
    if (removed > 0) {
      ctx.report("emptied " + removed + " object versions from s3://" + bucket);
    }
    return removed;
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, BucketSpec spec) {
    // Bucket names are global: a bucket of the configured name is ours only if its tags say so.
    return ownerTags(spec.bucket())
        .filter(
            tags ->
                ctx.stack().equals(tags.get("deployer:stack"))
                    && ctx.address().equals(tags.get("deployer:address")))
        .map(tags -> spec.bucket());
  }

  private boolean exists(String bucket) {
    return unlessNotFound(() -> Optional.of(aws.s3().headBucket(b -> b.bucket(bucket))))
        .isPresent();
  }
}
