package dev.deployer.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.state.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole action table: existence x desire x recorded status x diff x create-before-destroy. Each
 * row is written out rather than computed, so the table is the specification.
 */
class ActionChooserTest {

  enum DiffKind {
    NONE,
    IN_PLACE,
    FORCES_REPLACE
  }

  private static Diff diff(DiffKind kind) {
    return switch (kind) {
      case NONE -> Diff.NONE;
      case IN_PLACE ->
          new Diff(
              List.of(
                  new FieldChange(
                      "size", TextNode.valueOf("small"), TextNode.valueOf("large"), false)));
      case FORCES_REPLACE ->
          new Diff(
              List.of(
                  new FieldChange(
                      "size", TextNode.valueOf("small"), TextNode.valueOf("large"), false),
                  new FieldChange("zone", TextNode.valueOf("a"), TextNode.valueOf("b"), true)));
    };
  }

  @ParameterizedTest(name = "{0} {1} {2} diff={3} cbd={4} -> {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        "present | desired  | READY         | NONE          | false| NO_OP",
        "present | desired  | READY         | NONE          | true | NO_OP",
        "present | desired  | READY         | IN_PLACE      | false| UPDATE",
        "present | desired  | READY         | IN_PLACE      | true | UPDATE",
        "present | desired  | READY         | FORCES_REPLACE| false| DELETE_THEN_CREATE",
        "present | desired  | READY         | FORCES_REPLACE| true | CREATE_THEN_DELETE",
        "present | desired  | TAINTED       | NONE          | false| DELETE_THEN_CREATE",
        "present | desired  | TAINTED       | NONE          | true | CREATE_THEN_DELETE",
        "present | desired  | TAINTED       | IN_PLACE      | false| DELETE_THEN_CREATE",
        "present | desired  | TAINTED       | IN_PLACE      | true | CREATE_THEN_DELETE",
        "present | desired  | TAINTED       | FORCES_REPLACE| false| DELETE_THEN_CREATE",
        "present | desired  | TAINTED       | FORCES_REPLACE| true | CREATE_THEN_DELETE",
        "present | desired  | PENDING_DELETE| NONE          | false| DELETE_THEN_CREATE",
        "present | desired  | PENDING_DELETE| NONE          | true | CREATE_THEN_DELETE",
        "present | desired  | PENDING_DELETE| IN_PLACE      | false| DELETE_THEN_CREATE",
        "present | desired  | PENDING_DELETE| IN_PLACE      | true | CREATE_THEN_DELETE",
        "present | desired  | PENDING_DELETE| FORCES_REPLACE| false| DELETE_THEN_CREATE",
        "present | desired  | PENDING_DELETE| FORCES_REPLACE| true | CREATE_THEN_DELETE",
        // An unfinished create: the object exists and is finished in place (waited for, then
        // changed if it differs), unless a change forces its replacement.
        "present | desired  | PENDING_CREATE| NONE          | false| UPDATE",
        "present | desired  | PENDING_CREATE| NONE          | true | UPDATE",
        "present | desired  | PENDING_CREATE| IN_PLACE      | false| UPDATE",
        "present | desired  | PENDING_CREATE| IN_PLACE      | true | UPDATE",
        "present | desired  | PENDING_CREATE| FORCES_REPLACE| false| DELETE_THEN_CREATE",
        "present | desired  | PENDING_CREATE| FORCES_REPLACE| true | CREATE_THEN_DELETE",
        "present | undesired| PENDING_CREATE| NONE          | false| DELETE",
        "present | undesired| PENDING_CREATE| FORCES_REPLACE| true | DELETE",
        "present | undesired| READY         | NONE          | false| DELETE",
        "present | undesired| READY         | NONE          | true | DELETE",
        "present | undesired| READY         | IN_PLACE      | false| DELETE",
        "present | undesired| READY         | IN_PLACE      | true | DELETE",
        "present | undesired| READY         | FORCES_REPLACE| false| DELETE",
        "present | undesired| READY         | FORCES_REPLACE| true | DELETE",
        "present | undesired| TAINTED       | NONE          | false| DELETE",
        "present | undesired| TAINTED       | NONE          | true | DELETE",
        "present | undesired| TAINTED       | IN_PLACE      | false| DELETE",
        "present | undesired| TAINTED       | IN_PLACE      | true | DELETE",
        "present | undesired| TAINTED       | FORCES_REPLACE| false| DELETE",
        "present | undesired| TAINTED       | FORCES_REPLACE| true | DELETE",
        "present | undesired| PENDING_DELETE| NONE          | false| DELETE",
        "present | undesired| PENDING_DELETE| NONE          | true | DELETE",
        "present | undesired| PENDING_DELETE| IN_PLACE      | false| DELETE",
        "present | undesired| PENDING_DELETE| IN_PLACE      | true | DELETE",
        "present | undesired| PENDING_DELETE| FORCES_REPLACE| false| DELETE",
        "present | undesired| PENDING_DELETE| FORCES_REPLACE| true | DELETE",
        "absent  | desired  | READY         | NONE          | false| CREATE",
        "absent  | desired  | READY         | NONE          | true | CREATE",
        "absent  | desired  | READY         | IN_PLACE      | false| CREATE",
        "absent  | desired  | READY         | IN_PLACE      | true | CREATE",
        "absent  | desired  | READY         | FORCES_REPLACE| false| CREATE",
        "absent  | desired  | READY         | FORCES_REPLACE| true | CREATE",
        "absent  | desired  | TAINTED       | NONE          | false| CREATE",
        "absent  | desired  | TAINTED       | NONE          | true | CREATE",
        "absent  | desired  | TAINTED       | IN_PLACE      | false| CREATE",
        "absent  | desired  | TAINTED       | IN_PLACE      | true | CREATE",
        "absent  | desired  | TAINTED       | FORCES_REPLACE| false| CREATE",
        "absent  | desired  | TAINTED       | FORCES_REPLACE| true | CREATE",
        "absent  | desired  | PENDING_DELETE| NONE          | false| CREATE",
        "absent  | desired  | PENDING_DELETE| NONE          | true | CREATE",
        "absent  | desired  | PENDING_DELETE| IN_PLACE      | false| CREATE",
        "absent  | desired  | PENDING_DELETE| IN_PLACE      | true | CREATE",
        "absent  | desired  | PENDING_DELETE| FORCES_REPLACE| false| CREATE",
        "absent  | desired  | PENDING_DELETE| FORCES_REPLACE| true | CREATE",
        "absent  | undesired| READY         | NONE          | false| NO_OP",
        "absent  | undesired| READY         | NONE          | true | NO_OP",
        "absent  | undesired| READY         | IN_PLACE      | false| NO_OP",
        "absent  | undesired| READY         | IN_PLACE      | true | NO_OP",
        "absent  | undesired| READY         | FORCES_REPLACE| false| NO_OP",
        "absent  | undesired| READY         | FORCES_REPLACE| true | NO_OP",
        "absent  | undesired| TAINTED       | NONE          | false| NO_OP",
        "absent  | undesired| TAINTED       | NONE          | true | NO_OP",
        "absent  | undesired| TAINTED       | IN_PLACE      | false| NO_OP",
        "absent  | undesired| TAINTED       | IN_PLACE      | true | NO_OP",
        "absent  | undesired| TAINTED       | FORCES_REPLACE| false| NO_OP",
        "absent  | undesired| TAINTED       | FORCES_REPLACE| true | NO_OP",
        "absent  | undesired| PENDING_DELETE| NONE          | false| NO_OP",
        "absent  | undesired| PENDING_DELETE| NONE          | true | NO_OP",
        "absent  | undesired| PENDING_DELETE| IN_PLACE      | false| NO_OP",
        "absent  | undesired| PENDING_DELETE| IN_PLACE      | true | NO_OP",
        "absent  | undesired| PENDING_DELETE| FORCES_REPLACE| false| NO_OP",
        "absent  | undesired| PENDING_DELETE| FORCES_REPLACE| true | NO_OP",
      })
  void choose_followsTheActionTable(
      String exists,
      String desired,
      Status status,
      DiffKind diff,
      boolean createBeforeDestroy,
      Action expected) {
    Action action =
        ActionChooser.choose(
            exists.equals("present"),
            status,
            desired.equals("desired"),
            diff(diff),
            createBeforeDestroy);

    assertThat(action).isEqualTo(expected);
  }

  @Test
  void choose_whenPresentAndDesiredWithoutDiff_isNoOp() {
    assertThat(ActionChooser.choose(true, Status.READY, true, null, false)).isEqualTo(Action.NO_OP);
  }

  @Test
  void actions_carryTheirPlanSymbols() {
    assertThat(Action.CREATE.symbol()).isEqualTo("+");
    assertThat(Action.UPDATE.symbol()).isEqualTo("~");
    assertThat(Action.DELETE_THEN_CREATE.symbol()).isEqualTo("-/+");
    assertThat(Action.CREATE_THEN_DELETE.symbol()).isEqualTo("+/-");
    assertThat(Action.DELETE.symbol()).isEqualTo("-");
    assertThat(Action.DELETE_THEN_CREATE.creates()).isTrue();
    assertThat(Action.CREATE_THEN_DELETE.deletes()).isTrue();
    assertThat(Action.UPDATE.creates()).isFalse();
    assertThat(Action.NO_OP.deletes()).isFalse();
  }
}
