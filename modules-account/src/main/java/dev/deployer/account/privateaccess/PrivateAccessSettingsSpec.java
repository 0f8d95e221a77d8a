package dev.deployer.account.privateaccess;

import java.util.List;
import java.util.Objects;

/**
 * Private access settings: which registered endpoints may reach workspaces of the region that
 * attach them, and whether the internet still may.
 *
 * @param privateAccessLevel {@code ACCOUNT} (any endpoint registered in the account) or {@code
 *     ENDPOINT} (only {@code allowedVpcEndpointIds})
 */
public record PrivateAccessSettingsSpec(
    String privateAccessSettingsName,
    String region,
    boolean publicAccessEnabled,
    String privateAccessLevel,
    List<String> allowedVpcEndpointIds) {
  public PrivateAccessSettingsSpec {
    Objects.requireNonNull(privateAccessSettingsName, "privateAccessSettingsName");
    Objects.requireNonNull(region, "region");
    privateAccessLevel = privateAccessLevel == null ? "ACCOUNT" : privateAccessLevel;
    allowedVpcEndpointIds =
        allowedVpcEndpointIds == null
            ? List.of()
            : allowedVpcEndpointIds.stream().sorted().toList();
  }
}
