package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsCallTest {
  private static final String EC2_AUTH =
      "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abc";

  @Test
  void queryProtocolCallsAreNamedByServiceScopeAndAction() {
    AwsCall c =
        AwsCall.parse(
            "POST",
            "/",
            null,
            EC2_AUTH,
            "Action=CreateSubnet&Version=2016-11-15&VpcId=vpc-1&SecurityGroupId.1=sg-1&SecurityGroupId.2=sg-2&Filter.1.Value.1=x"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(c.service()).isEqualTo("ec2");
    assertThat(c.action()).isEqualTo("CreateSubnet");
    assertThat(c.param("VpcId")).isEqualTo("vpc-1");
    assertThat(c.list("SecurityGroupId")).containsExactly("sg-1", "sg-2");
  }

  @Test
  void withoutASignatureTheApiVersionTellsTheService() {
    AwsCall c =
        AwsCall.parse(
            "POST",
            "/",
            null,
            null,
            "Action=GetRole&Version=2010-05-08&RoleName=r".getBytes(StandardCharsets.UTF_8));
    assertThat(c.service()).isEqualTo("iam");
  }

  @Test
  void s3OperationsComeFromMethodPathAndSubresource() {
    byte[] none = new byte[0];
    assertThat(AwsCall.parse("PUT", "/b", "policy", null, none).action())
        .isEqualTo("PutBucketPolicy");
    assertThat(AwsCall.parse("PUT", "/b", null, null, none).action()).isEqualTo("CreateBucket");
    assertThat(AwsCall.parse("GET", "/b", "versions", null, none).action())
        .isEqualTo("ListObjectVersions");
    assertThat(AwsCall.parse("POST", "/b", "delete", null, none).action())
        .isEqualTo("DeleteObjects");
    assertThat(AwsCall.parse("PUT", "/b/k/x", null, null, none).action()).isEqualTo("PutObject");
    assertThat(AwsCall.parse("PUT", "/b", "publicAccessBlock", null, none).action())
        .isEqualTo("PutBucketPublicAccessBlock");
    assertThat(AwsCall.parse("PUT", "/b", null, null, none).bucket()).isEqualTo("b");
  }
}
