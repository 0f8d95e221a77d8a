package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every planned action is checked again at apply time, once the values it was planned on are known:
 * a replacement planned because a referenced value was unknown, which turns out the same, is not
 * carried out.
 */
class ApplyRecheckTest {
  @TempDir Path dir;

  /** A handler whose "arn" is made from the name, as IAM's role ARNs are. */
  private static FakeHandler nameBasedArns(boolean createBeforeDestroy) {
    FakeHandler fake = new FakeHandler("fake_thing", Set.of("zone", "parent"), createBeforeDestroy);
    fake.onCreate =
        (ctx, spec) ->
            new Created(
                fake.defaultCreate(ctx, spec).id(), Map.of("arn", "arn:fake:" + spec.name()));
    fake.onRead =
        (ctx, id, prior) ->
            fake.defaultRead(ctx, id, prior)
                .map(o -> new Observed<>(o.spec(), Map.of("arn", "arn:fake:" + o.spec().name())));
    return fake;
  }

  private static StackDefinition stack(EngineFixture f, String roleName) {
    StackBuilder b = f.stack();
    Resource<FakeSpec> role = b.add("iam.role", f.fake.type(), r -> FakeSpec.named(roleName));
    b.add(
        "account.credentials",
        f.fake.type(),
        r -> FakeSpec.named("creds").withParent(r.get(role.out("arn"))));
    return b.build();
  }

  @ParameterizedTest(name = "create before destroy: {0}")
  @ValueSource(booleans = {false, true})
  void aReplacementPlannedOnAnUnknownValue_thatTurnsOutUnchanged_keepsTheObject(boolean cbd) {
    EngineFixture f = new EngineFixture(dir, nameBasedArns(cbd));
    StackDefinition def = stack(f, "role");
    f.apply(def);
    String creds = f.fake.only("creds").id();
    f.fake.removeOutOfBand(f.fake.only("role").id()); // recreated under the same name, same ARN

    Plan plan = f.plan(def);
    assertThat(plan.change("iam.role").action()).isEqualTo(Action.CREATE);
    assertThat(plan.change("account.credentials").action().isReplace())
        .as("planned while the role's ARN is unknown")
        .isTrue();
    f.fake.clearCalls();
    ApplyResult r = f.applyPlan(def, plan);

    assertThat(r.succeeded()).isTrue();
    assertThat(f.fake.only("creds").id()).isEqualTo(creds);
    assertThat(f.fake.calls(Operation.DELETE)).isEmpty();
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(1);
    assertThat(r.added()).isEqualTo(1);
    assertThat(r.destroyed()).isZero();
    assertThat(f.listener.events())
        .anyMatch(l -> l.contains("account.credentials") && l.contains("no replacement needed"));
    assertThat(f.plan(def).hasChanges()).isFalse();
  }

  @ParameterizedTest(name = "create before destroy: {0}")
  @ValueSource(booleans = {false, true})
  void aReplacementWhoseValueDoesChange_isCarriedOut(boolean cbd) {
    EngineFixture f = new EngineFixture(dir, nameBasedArns(cbd));
    f.apply(stack(f, "role"));
    String creds = f.fake.only("creds").id();

    ApplyResult r = removeOutOfBandThenApply(f, "role", stack(f, "role2"));

    assertThat(f.fake.only("creds").id()).isNotEqualTo(creds);
    assertThat(f.fake.only("creds").spec().parent()).isEqualTo("arn:fake:role2");
    assertThat(r.destroyed()).isEqualTo(1);
  }

  /**
   * The role's trust policy, a replace-forcing field, refers to a policy recreated out of band: the
   * role and the credentials that use its ARN are both planned for delete-then-create, and the
   * credentials' delete must come before the role's. With the policy recreated the same, neither is
   * replaced.
   */
  @org.junit.jupiter.api.Test
  void aDeleteThenCreateWhoseOwnDependencyIsDeletedFirst_isRecheckedThroughIt() {
    EngineFixture f = new EngineFixture(dir, nameBasedArns(false));
    StackDefinition def = policyRoleCredentials(f, "policy");
    f.apply(def);
    String roleId = f.fake.only("role").id();
    String creds = f.fake.only("creds").id();
    f.fake.removeOutOfBand(f.fake.only("policy").id()); // recreated under the same name

    Plan plan = f.plan(def);
    assertThat(plan.change("iam.role").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(plan.change("account.credentials").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    f.fake.clearCalls();
    ApplyResult r = f.applyPlan(def, plan);

    assertThat(r.succeeded()).isTrue();
    assertThat(f.fake.calls(Operation.DELETE)).isEmpty();
    assertThat(f.fake.only("role").id()).isEqualTo(roleId);
    assertThat(f.fake.only("creds").id()).isEqualTo(creds);
    assertThat(r.destroyed()).isZero();
    assertThat(f.plan(def).hasChanges()).isFalse();
  }

  @org.junit.jupiter.api.Test
  void aDeleteThenCreateThroughADependencyThatDoesChange_isCarriedOut() {
    EngineFixture f = new EngineFixture(dir, nameBasedArns(false));
    f.apply(policyRoleCredentials(f, "policy"));
    String roleId = f.fake.only("role").id();
    String creds = f.fake.only("creds").id();
    StackDefinition renamed = policyRoleCredentials(f, "policy2");

    ApplyResult r = removeOutOfBandThenApply(f, "policy", renamed);

    assertThat(f.fake.only("role").id()).isNotEqualTo(roleId);
    assertThat(f.fake.only("role").spec().zone()).isEqualTo("arn:fake:policy2");
    assertThat(f.fake.only("creds").id()).isNotEqualTo(creds);
    assertThat(r.destroyed()).isEqualTo(2);
    assertThat(f.plan(renamed).hasChanges()).isFalse();
  }

  /**
   * The object named {@code name} is deleted out of band, then {@code renamed} (whose new name
   * changes that object's ARN) is applied, which must succeed.
   */
  private static ApplyResult removeOutOfBandThenApply(
      EngineFixture f, String name, StackDefinition renamed) {
    f.fake.removeOutOfBand(f.fake.only(name).id());
    ApplyResult r = f.apply(renamed);
    assertThat(r.succeeded()).isTrue();
    return r;
  }

  /** A role whose replace-forcing zone is a policy's ARN, and credentials that use the role's. */
  private static StackDefinition policyRoleCredentials(EngineFixture f, String policyName) {
    StackBuilder b = f.stack();
    Resource<FakeSpec> policy = b.add("iam.policy", f.fake.type(), r -> FakeSpec.named(policyName));
    Resource<FakeSpec> role =
        b.add(
            "iam.role",
            f.fake.type(),
            r -> FakeSpec.named("role").withZone(r.get(policy.out("arn"))));
    b.add(
        "account.credentials",
        f.fake.type(),
        r -> FakeSpec.named("creds").withParent(r.get(role.out("arn"))));
    return b.build();
  }
}
