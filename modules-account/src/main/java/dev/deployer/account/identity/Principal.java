package dev.deployer.account.identity;

import java.util.Locale;

/** A user, group or service principal found in the account's SCIM directory. */
public record Principal(Kind kind, String name, String id) {

  /** What a principal is, and how SCIM names it. */
  public enum Kind {
    USER("userName"),
    GROUP("displayName"),
    SERVICE_PRINCIPAL("applicationId");

    private final String scimAttribute;

    Kind(String scimAttribute) {
      this.scimAttribute = scimAttribute;
    }

    public String scimAttribute() {
      return scimAttribute;
    }

    /** {@code user}, {@code group} or {@code service_principal}, as configs spell them. */
    public static Kind parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
