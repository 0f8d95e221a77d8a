package dev.deployer.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Looks at an AWS emulator (moto, LocalStack) through the AWS SDK v2 with fake static credentials.
 * The JDK URL-connection HTTP client keeps the dependency tree small.
 */
final class AwsSdkView implements AwsView, AutoCloseable {
  private final IamClient iam;
  private final Ec2Client ec2;
  private final S3Client s3;
  private final URI endpoint;
  private final StaticCredentialsProvider creds;
  private final software.amazon.awssdk.http.SdkHttpClient http;
  private final ClientOverrideConfiguration override;

  /** EC2 and KMS in other regions than the sandbox's, made on first use. */
  private final Map<String, Ec2Client> ec2ByRegion = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, KmsClient> kmsByRegion = new java.util.concurrent.ConcurrentHashMap<>();

  AwsSdkView(URI endpoint, String region) {
    this.endpoint = endpoint;
    this.creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    this.http = UrlConnectionHttpClient.builder().build();
    this.override =
        ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(20)).build();
    Region r = Region.of(region);
    iam =
        IamClient.builder()
            .endpointOverride(endpoint)
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(creds)
            .httpClient(http)
            .overrideConfiguration(override)
            .build();
    ec2 = ec2(region);
    s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(r)
            .forcePathStyle(true)
            .credentialsProvider(creds)
            .httpClient(http)
            .overrideConfiguration(override)
            .build();
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Optional<Role> role(String roleArn) {
    String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    try {
      var role = iam.getRole(b -> b.roleName(name)).role();
      String doc = role.assumeRolePolicyDocument();
      // IAM returns the trust policy URL-encoded.
      if (doc != null && doc.startsWith("%")) {
        doc = URLDecoder.decode(doc, StandardCharsets.UTF_8);
      }
      return Optional.of(new Role(role.createDate(), doc));
    } catch (NoSuchEntityException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean bucketExists(String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean vpcExists(String vpcId) {
    return unlessNotFound(() -> !ec2.describeVpcs(b -> b.vpcIds(vpcId)).vpcs().isEmpty())
        .orElse(false);
  }

  @Override
  public Map<String, Subnet> subnets(List<String> ids) {
    Map<String, Subnet> out = new LinkedHashMap<>();
    for (var s : eachFound(ids, id -> ec2.describeSubnets(b -> b.subnetIds(id)).subnets())) {
      out.put(s.subnetId(), new Subnet(s.subnetId(), s.vpcId(), s.availabilityZone()));
    }
    return out;
  }

  @Override
  public Map<String, String> securityGroups(List<String> ids) {
    Map<String, String> out = new LinkedHashMap<>();
    for (SecurityGroup g :
        eachFound(ids, id -> ec2.describeSecurityGroups(b -> b.groupIds(id)).securityGroups())) {
      out.put(g.groupId(), g.vpcId());
    }
    return out;
  }

  IamClient iam() {
    return iam;
  }

  S3Client s3() {
    return s3;
  }

  Ec2Client ec2(String region) {
    return ec2ByRegion.computeIfAbsent(region, r -> regional(Ec2Client.builder(), r));
  }

  KmsClient kms(String region) {
    return kmsByRegion.computeIfAbsent(region, r -> regional(KmsClient.builder(), r));
  }

  private <
          C,
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>>
      C regional(B builder, String region) {
    return builder
        .httpClient(http)
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(creds)
        .overrideConfiguration(override)
        .build();
  }

  @Override
  public Optional<VpcEndpoint> vpcEndpoint(String id, String region) {
    return unlessNotFound(
            () -> ec2(region).describeVpcEndpoints(b -> b.vpcEndpointIds(id)).vpcEndpoints())
        .flatMap(found -> found.stream().findFirst())
        .map(
            e -> new VpcEndpoint(e.vpcEndpointId(), e.vpcId(), e.serviceName(), e.stateAsString()));
  }

  @Override
  public Optional<KmsKey> kmsKey(String keyArn) {
    String[] parts = keyArn.split(":", 6);
    if (parts.length < 6) {
      return Optional.empty();
    }
    KmsClient kms = kms(parts[3]);
    try {
      return unlessNotFound(
          () -> {
            var meta = kms.describeKey(b -> b.keyId(keyArn)).keyMetadata();
            String policy =
                kms.getKeyPolicy(b -> b.keyId(meta.keyId()).policyName("default")).policy();
            return new KmsKey(meta.arn(), meta.keyStateAsString(), policy);
          });
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * What the call finds, or empty when AWS answers that it does not know the object (404 or a
   * {@code *NotFound*} code); other errors go to the caller.
   */
  /**
   * What {@code describe} finds for each id, one call per id: a single missing id fails a whole
   * batch call, and a missing one is simply not in the answer.
   */
  private static <T> List<T> eachFound(List<String> ids, Function<String, List<T>> describe) {
    List<T> out = new ArrayList<>();
    for (String id : ids) {
      out.addAll(unlessNotFound(() -> describe.apply(id)).orElse(List.of()));
    }
    return out;
  }

  private static <T> Optional<T> unlessNotFound(Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (AwsServiceException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean isNotFound(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return e.statusCode() == 404 || (code != null && code.contains("NotFound"));
  }

  @Override
  public void close() {
    iam.close();
    ec2ByRegion.values().forEach(Ec2Client::close);
    kmsByRegion.values().forEach(KmsClient::close);
    s3.close();
  }
}
