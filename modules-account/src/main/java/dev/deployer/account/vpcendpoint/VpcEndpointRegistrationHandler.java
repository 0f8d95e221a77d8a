package dev.deployer.account.vpcendpoint;

import com.databricks.sdk.service.provisioning.CreateVpcEndpointRequest;
import com.databricks.sdk.service.provisioning.VpcEndpoint;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.ImmutableAccountObjectHandler;
import dev.deployer.core.spi.ResourceType;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code databricks_mws_vpc_endpoint}: registration of an AWS endpoint to a Databricks endpoint
 * service. Databricks answers which service it reaches as {@code use_case}. Immutable; network
 * configurations, not workspaces, refer to it.
 */
public final class VpcEndpointRegistrationHandler
    extends ImmutableAccountObjectHandler<VpcEndpointRegistrationSpec, VpcEndpoint> {
  public static final ResourceType<VpcEndpointRegistrationSpec> TYPE =
      immutableType(
          "databricks_mws_vpc_endpoint",
          VpcEndpointRegistrationSpec.class,
          "vpc_endpoint_name",
          "vpc_endpoint_id",
          "use_case",
          "state");

  public VpcEndpointRegistrationHandler(DatabricksClients databricks) {
    super(databricks, TYPE, VpcEndpoint::getVpcEndpointId);
  }

  @Override
  protected Api<VpcEndpointRegistrationSpec, VpcEndpoint> api() {
    var service = databricks.account().vpcEndpoints();
    return new Api<>(service::get, service::list, s -> service.create(request(s)), service::delete);
  }

  /** The create request for {@code spec}. */
  public static CreateVpcEndpointRequest request(VpcEndpointRegistrationSpec spec) {
    return new CreateVpcEndpointRequest()
        .setVpcEndpointName(spec.vpcEndpointName())
        .setAwsVpcEndpointId(spec.awsVpcEndpointId())
        .setRegion(spec.region());
  }

  @Override
  protected VpcEndpointRegistrationSpec specOf(VpcEndpoint e) {
    return new VpcEndpointRegistrationSpec(
        e.getVpcEndpointName(), e.getAwsVpcEndpointId(), e.getRegion());
  }

  @Override
  protected Map<String, Object> outputsOf(VpcEndpoint e) {
    Map<String, Object> out = new HashMap<>();
    out.put("vpc_endpoint_id", e.getVpcEndpointId());
    if (e.getUseCase() != null) {
      out.put("use_case", e.getUseCase().toString());
    }
    if (e.getState() != null) {
      out.put("state", e.getState());
    }
    return out;
  }

  @Override
  protected String referenceIn(Workspace w) {
    return null;
  }
}
