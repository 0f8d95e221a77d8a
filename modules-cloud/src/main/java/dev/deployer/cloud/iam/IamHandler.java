package dev.deployer.cloud.iam;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.core.spi.ResourceType;

/** What IAM roles and their policies share: IAM is global, and both are replaced create-first. */
abstract class IamHandler<S> extends AwsHandler<S> {
  IamHandler(AwsClients aws, ResourceType<S> type) {
    super(aws, type);
  }

  /**
   * Replaced create-first (a role is replaced only for a new name, so both can exist): the
   * credentials configuration moves to the new role before the old one goes.
   */
  @Override
  public boolean createBeforeDestroy() {
    return true;
  }

  /** IAM is global: a region change does not move the object. */
  @Override
  public String region() {
    return null;
  }
}
