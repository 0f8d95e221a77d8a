package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PermissionsTest {
  private static final String IAM_AUTH =
      "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=abc";
  private static final String S3_AUTH =
      "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc";

  static AwsCall iam(String form) {
    return AwsCall.parse("POST", "/", null, IAM_AUTH, form.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void simulationAllowsWhatMotoLetsThrough_andReportsDeniedActionsAsImplicitDeny()
      throws Exception {
    Permissions p = new Permissions();
    p.set(new ObjectMapper().readTree("{\"denied_actions\": [\"ec2:CreateNatGateway\"]}"));
    String body =
        new String(
            p.before(
                    iam(
                        "Action=SimulatePrincipalPolicy&Version=2010-05-08"
                            + "&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fci"
                            + "&ActionNames.member.1=ec2%3ACreateVpc"
                            + "&ActionNames.member.2=ec2%3ACreateNatGateway"))
                .orElseThrow()
                .body(),
            StandardCharsets.UTF_8);
    assertThat(body)
        .contains(
            "<EvalActionName>ec2:CreateVpc</EvalActionName><EvalResourceName>*</EvalResourceName>"
                + "<EvalDecision>allowed</EvalDecision>")
        .contains(
            "<EvalActionName>ec2:CreateNatGateway</EvalActionName><EvalResourceName>*"
                + "</EvalResourceName><EvalDecision>implicitDeny</EvalDecision>");
  }

  @Test
  void aDeniedActionIsRefusedInTheServicesOwnWords_underItsIamName() throws Exception {
    Permissions p = new Permissions();
    p.set(
        new ObjectMapper()
            .readTree(
                "{\"denied_actions\": [\"iam:PutRolePolicy\", \"s3:PutEncryptionConfiguration\"]}"));
    var reply = p.before(iam("Action=PutRolePolicy&Version=2010-05-08&RoleName=r")).orElseThrow();
    assertThat(reply.status()).isEqualTo(403);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8))
        .contains("<Code>AccessDenied</Code>")
        .contains("not authorized to perform: iam:PutRolePolicy");
    AwsCall encryption = AwsCall.parse("PUT", "/bucket", "encryption", S3_AUTH, new byte[0]);
    assertThat(Permissions.iamAction(encryption)).isEqualTo("s3:PutEncryptionConfiguration");
    assertThat(p.before(encryption)).isPresent();
    assertThat(p.before(iam("Action=GetRole&Version=2010-05-08&RoleName=r"))).isEmpty();
  }
}
