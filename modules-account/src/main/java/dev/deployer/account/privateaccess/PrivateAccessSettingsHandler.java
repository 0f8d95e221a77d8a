package dev.deployer.account.privateaccess;

import com.databricks.sdk.service.provisioning.CreatePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.PrivateAccessLevel;
import com.databricks.sdk.service.provisioning.PrivateAccessSettings;
import com.databricks.sdk.service.provisioning.ReplacePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.ImmutableAccountObjectHandler;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code databricks_mws_private_access_settings}. Name and region are fixed; public access, the
 * access level and the allowed endpoints change in place (PUT replaces the object, which the
 * workspaces attaching it pick up).
 */
public final class PrivateAccessSettingsHandler
    extends ImmutableAccountObjectHandler<PrivateAccessSettingsSpec, PrivateAccessSettings> {
  public static final ResourceType<PrivateAccessSettingsSpec> TYPE =
      ResourceType.of("databricks_mws_private_access_settings", PrivateAccessSettingsSpec.class)
          .outputs("private_access_settings_id")
          .replaceOnChange("private_access_settings_name", "region")
          .identifiedBy("private_access_settings_name");

  public PrivateAccessSettingsHandler(DatabricksClients databricks) {
    super(databricks, TYPE, PrivateAccessSettings::getPrivateAccessSettingsId);
  }

  @Override
  protected Api<PrivateAccessSettingsSpec, PrivateAccessSettings> api() {
    var service = databricks.account().privateAccess();
    return new Api<>(service::get, service::list, s -> service.create(request(s)), service::delete);
  }

  /** The create request for {@code spec}. */
  public static CreatePrivateAccessSettingsRequest request(PrivateAccessSettingsSpec spec) {
    return new CreatePrivateAccessSettingsRequest()
        .setPrivateAccessSettingsName(spec.privateAccessSettingsName())
        .setRegion(spec.region())
        .setPublicAccessEnabled(spec.publicAccessEnabled())
        .setPrivateAccessLevel(PrivateAccessLevel.valueOf(spec.privateAccessLevel()))
        .setAllowedVpcEndpointIds(
            spec.allowedVpcEndpointIds().isEmpty() ? null : spec.allowedVpcEndpointIds());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, PrivateAccessSettingsSpec prior, PrivateAccessSettingsSpec s) {
    PrivateAccessSettings replaced =
        databricks
            .account()
            .privateAccess()
            .replace(
                new ReplacePrivateAccessSettingsRequest()
                    .setPrivateAccessSettingsId(id)
                    .setCustomerFacingPrivateAccessSettings(
                        new PrivateAccessSettings()
                            .setPrivateAccessSettingsName(prior.privateAccessSettingsName())
                            .setRegion(s.region())
                            .setPublicAccessEnabled(s.publicAccessEnabled())
                            .setPrivateAccessLevel(
                                PrivateAccessLevel.valueOf(s.privateAccessLevel()))
                            .setAllowedVpcEndpointIds(s.allowedVpcEndpointIds())));
    return outputsOf(replaced);
  }

  @Override
  protected PrivateAccessSettingsSpec specOf(PrivateAccessSettings p) {
    return new PrivateAccessSettingsSpec(
        p.getPrivateAccessSettingsName(),
        p.getRegion(),
        Boolean.TRUE.equals(p.getPublicAccessEnabled()),
        p.getPrivateAccessLevel() == null ? null : p.getPrivateAccessLevel().toString(),
        p.getAllowedVpcEndpointIds() == null
            ? List.of()
            : new ArrayList<>(p.getAllowedVpcEndpointIds()));
  }

  @Override
  protected String referenceIn(Workspace w) {
    return w.getPrivateAccessSettingsId();
  }
}
