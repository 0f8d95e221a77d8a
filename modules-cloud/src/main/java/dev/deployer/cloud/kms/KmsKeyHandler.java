package dev.deployer.cloud.kms;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.Tags;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * {@code aws_kms_key} with its {@code aws_kms_alias}, id = key id. A key cannot be deleted at once:
 * delete schedules its deletion after the shortest window KMS allows (7 days), and a key pending
 * deletion reads as gone. Policy (compared in normal form), rotation, description, tags and alias
 * change in place.
 */
public final class KmsKeyHandler extends AwsHandler<KmsKeySpec> {
  public static final ResourceType<KmsKeySpec> TYPE =
      ResourceType.of("aws_kms_key", KmsKeySpec.class).outputs("arn", "key_id");
  static final int DELETION_WINDOW_DAYS = 7;
  private static final String POLICY = "default";

  public KmsKeyHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Diff diff(KmsKeySpec prior, KmsKeySpec desired) {
    return PolicyDocuments.diff(TYPE, prior, desired, "policy", KmsKeySpec::policy);
  }

  private static Map<String, Object> outputs(KeyMetadata k) {
    return Map.of("arn", k.arn(), "key_id", k.keyId());
  }

  private Optional<KeyMetadata> live(String keyId) {
    return unlessNotFound(
            () -> Optional.of(aws.kms().describeKey(r -> r.keyId(keyId)).keyMetadata()))
        .filter(k -> k.keyState() != KeyState.PENDING_DELETION);
  }

  private List<AliasListEntry> aliases(String keyId) {
    return aws.kms().listAliases(r -> r.keyId(keyId)).aliases();
  }

  @Override
  public Optional<Observed<KmsKeySpec>> read(HandlerContext ctx, String id, KmsKeySpec prior) {
    KmsClient kms = aws.kms();
    return live(id)
        .map(
            k -> {
              var policy =
                  PolicyDocuments.parse(
                      kms.getKeyPolicy(r -> r.keyId(id).policyName(POLICY)).policy());
              boolean rotation = kms.getKeyRotationStatus(r -> r.keyId(id)).keyRotationEnabled();
              List<String> names = aliases(id).stream().map(AliasListEntry::aliasName).toList();
              String alias =
                  prior != null && names.contains(prior.alias())
                      ? prior.alias()
                      : names.stream().findFirst().orElse("alias/(none)");
              return new Observed<>(
                  new KmsKeySpec(
                      alias,
                      k.description(),
                      PolicyDocuments.stable(prior == null ? null : prior.policy(), policy),
                      rotation,
                      tags(id)),
                  outputs(k));
            });
  }

  private Map<String, String> tags(String keyId) {
    Map<String, String> out = new TreeMap<>();
    for (Tag t : aws.kms().listResourceTags(r -> r.keyId(keyId)).tags()) {
      out.put(t.tagKey(), t.tagValue());
    }
    return out;
  }

  private static List<Tag> kmsTags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build())
        .toList();
  }

  @Override
  public Created create(HandlerContext ctx, KmsKeySpec spec) {
    KmsClient kms = aws.kms();
    KeyMetadata k =
        kms.createKey(
                r ->
                    r.description(spec.description())
                        .policy(PolicyDocuments.toJson(spec.policy()))
                        .tags(kmsTags(spec.tags())))
            .keyMetadata();
    if (spec.enableKeyRotation()) {
      kms.enableKeyRotation(r -> r.keyId(k.keyId()));
    }
    kms.createAlias(r -> r.aliasName(spec.alias()).targetKeyId(k.keyId()));
    return new Created(k.keyId(), outputs(k));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, KmsKeySpec prior, KmsKeySpec desired) {
    KmsClient kms = aws.kms();
    PolicyDocuments.putIfChanged(
        prior.policy(),
        desired.policy(),
        json -> kms.putKeyPolicy(r -> r.keyId(id).policyName(POLICY).policy(json)));
    if (prior.enableKeyRotation() != desired.enableKeyRotation()) {
      if (desired.enableKeyRotation()) {
        kms.enableKeyRotation(r -> r.keyId(id));
      } else {
        kms.disableKeyRotation(r -> r.keyId(id));
      }
    }
    if (!Objects.equals(prior.description(), desired.description())) {
      kms.updateKeyDescription(
          r -> r.keyId(id).description(desired.description() == null ? "" : desired.description()));
    }
    if (!prior.alias().equals(desired.alias())) {
      if (aliases(id).stream().anyMatch(a -> a.aliasName().equals(prior.alias()))) {
        kms.deleteAlias(r -> r.aliasName(prior.alias()));
      }
      kms.createAlias(r -> r.aliasName(desired.alias()).targetKeyId(id));
    }
    Tags.sync(
        prior.tags(),
        desired.tags(),
        set -> kms.tagResource(r -> r.keyId(id).tags(kmsTags(set))),
        unset -> kms.untagResource(r -> r.keyId(id).tagKeys(unset)));
    return outputs(kms.describeKey(r -> r.keyId(id)).keyMetadata());
  }

  @Override
  public void delete(HandlerContext ctx, String id, KmsKeySpec prior) {
    KmsClient kms = aws.kms();
    if (live(id).isEmpty()) {
      return;
    }
    for (AliasListEntry a : aliases(id)) {
      ignoreNotFound(() -> kms.deleteAlias(r -> r.aliasName(a.aliasName())));
    }
    ctx.report(
        "KMS key "
            + id
            + " scheduled for deletion in "
            + DELETION_WINDOW_DAYS
            + " days (the shortest window KMS allows); CancelKeyDeletion restores it until then");
    kms.scheduleKeyDeletion(r -> r.keyId(id).pendingWindowInDays(DELETION_WINDOW_DAYS));
  }

  /** Keys have no name: a lost create is found by its alias, and only if it carries our tags. */
  @Override
  public boolean findsOnlyOwnObjects() {
    return true;
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, KmsKeySpec spec) {
    return aws.kms().listAliasesPaginator().aliases().stream()
        .filter(a -> spec.alias().equals(a.aliasName()) && a.targetKeyId() != null)
        .map(AliasListEntry::targetKeyId)
        .filter(id -> live(id).isPresent())
        .filter(
            id -> {
              Map<String, String> t = tags(id);
              return ctx.address().equals(t.get("deployer:address"))
                  && ctx.stack().equals(t.get("deployer:stack"));
            })
        .findFirst();
  }
}
