package dev.deployer.account.identity;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An account group this stack owns, and its direct members by SCIM id (users, service principals,
 * other groups). Names ride along for people reading the plan. {@code owner} is the SCIM {@code
 * externalId} that marks the group as this stack's, so a lost create is found again and a group of
 * the same name made by anyone else is never taken over.
 */
public record AccountGroupSpec(String displayName, String owner, List<Member> members) {

  /** One member; {@code kind} is user, group or service_principal. */
  public record Member(String kind, String name, String id) {
    public Member {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(id, "id");
    }
  }

  public AccountGroupSpec {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(owner, "owner");
    members =
        members.stream()
            .distinct()
            .sorted(Comparator.comparing(Member::kind).thenComparing(Member::name))
            .toList();
  }
}
