package dev.deployer.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.AwsPartition;
import org.junit.jupiter.api.Test;

/** The log role and bucket policy take ARNs and Databricks' delivery role from the partition. */
class CommonStackPartitionTest {
  @Test
  void govCloud_trustsDatabricksGovDeliveryRole_andUsesGovS3Arns() {
    JsonNode trust = CommonStack.logRoleTrust(AwsPartition.GOVCLOUD, "acct-1");
    assertThat(trust.at("/Statement/0/Principal/AWS/0").asText())
        .isEqualTo(
            "arn:aws-us-gov:iam::044793339203:role/SaasUsageDeliveryRole-prod-aws-gov-IAMRole-L4QM0RCHYQ1G");
    String policy =
        CommonStack.logBucketPolicy(AwsPartition.GOVCLOUD, "b", "arn:aws-us-gov:iam::1:role/r")
            .toString();
    assertThat(policy).contains("arn:aws-us-gov:s3:::b/*").doesNotContain("arn:aws:s3");
  }

  @Test
  void commercial_isTheDefault() {
    assertThat(CommonStack.logRoleTrust("acct-1"))
        .isEqualTo(CommonStack.logRoleTrust(AwsPartition.COMMERCIAL, "acct-1"));
    assertThat(CommonStack.LOG_DELIVERY_ROLE)
        .isEqualTo(
            "arn:aws:iam::414351767826:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK");
  }
}
