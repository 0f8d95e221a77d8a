package dev.deployer.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AwsPartitionTest {
  @Test
  void commercialRegions_useArnAwsAndDatabricksCommercialAccount() {
    AwsPartition p = AwsPartition.forRegion("eu-west-1");
    assertThat(p.id()).isEqualTo("aws");
    assertThat(p.databricksRoot()).isEqualTo("arn:aws:iam::414351767826:root");
    assertThat(p.unityCatalogMasterRole())
        .isEqualTo("arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL");
    assertThat(p.s3Arn("b/*")).isEqualTo("arn:aws:s3:::b/*");
  }

  @Test
  void govCloudRegions_useArnAwsUsGovAndDatabricksGovAccount() {
    AwsPartition p = AwsPartition.forRegion("us-gov-west-1");
    assertThat(p).isEqualTo(AwsPartition.GOVCLOUD);
    assertThat(p.databricksRoot()).isEqualTo("arn:aws-us-gov:iam::044793339203:root");
    assertThat(p.logDeliveryRole()).startsWith("arn:aws-us-gov:iam::044793339203:role/");
    assertThat(p.arnPrefix("ec2", "us-gov-west-1", "123456789012"))
        .isEqualTo("arn:aws-us-gov:ec2:us-gov-west-1:123456789012:");
  }

  @Test
  void chinaRegions_areRefused() {
    assertThatThrownBy(() -> AwsPartition.forRegion("cn-north-1")).hasMessageContaining("aws-cn");
  }
}
