package dev.deployer.account.keys;

import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.ImmutableAccountObjectHandler;
import dev.deployer.core.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code databricks_mws_customer_managed_keys}: immutable; a workspace refers to it as its storage
 * or managed services key, and the account refuses to delete one a workspace uses.
 */
public final class CustomerManagedKeyHandler
    extends ImmutableAccountObjectHandler<CustomerManagedKeySpec, CustomerManagedKey> {
  public static final ResourceType<CustomerManagedKeySpec> TYPE =
      immutableType(
          "databricks_mws_customer_managed_keys",
          CustomerManagedKeySpec.class,
          "key_arn",
          "customer_managed_key_id");

  public CustomerManagedKeyHandler(DatabricksClients databricks) {
    super(databricks, TYPE, CustomerManagedKey::getCustomerManagedKeyId);
  }

  @Override
  protected Api<CustomerManagedKeySpec, CustomerManagedKey> api() {
    var service = databricks.account().encryptionKeys();
    return new Api<>(service::get, service::list, s -> service.create(request(s)), service::delete);
  }

  /** The create request for {@code spec}. */
  public static CreateCustomerManagedKeyRequest request(CustomerManagedKeySpec spec) {
    return new CreateCustomerManagedKeyRequest()
        .setAwsKeyInfo(new CreateAwsKeyInfo().setKeyArn(spec.keyArn()).setKeyAlias(spec.keyAlias()))
        .setUseCases(spec.useCases().stream().map(KeyUseCase::valueOf).toList());
  }

  @Override
  protected CustomerManagedKeySpec specOf(CustomerManagedKey k) {
    List<String> uses = new ArrayList<>();
    if (k.getUseCases() != null) {
      k.getUseCases().forEach(u -> uses.add(u.toString()));
    }
    return new CustomerManagedKeySpec(
        k.getAwsKeyInfo() == null ? "" : k.getAwsKeyInfo().getKeyArn(),
        k.getAwsKeyInfo() == null ? null : k.getAwsKeyInfo().getKeyAlias(),
        uses);
  }

  /** The ARN is the key's, not a name: a replacement registers the same key again. */
  @Override
  protected CustomerManagedKeySpec withName(CustomerManagedKeySpec spec, String name) {
    return spec;
  }

  @Override
  protected String referenceIn(Workspace w) {
    return w.getStorageCustomerManagedKeyId();
  }

  @Override
  protected List<String> referencesIn(Workspace w) {
    List<String> ids = new ArrayList<>();
    if (w.getStorageCustomerManagedKeyId() != null) {
      ids.add(w.getStorageCustomerManagedKeyId());
    }
    if (w.getManagedServicesCustomerManagedKeyId() != null) {
      ids.add(w.getManagedServicesCustomerManagedKeyId());
    }
    return ids;
  }
}
