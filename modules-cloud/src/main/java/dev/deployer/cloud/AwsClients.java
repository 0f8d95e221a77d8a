package dev.deployer.cloud;

import dev.deployer.core.ApiCalls;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/** The AWS clients of one run, built once and shared by every handler. */
public final class AwsClients implements AutoCloseable {
  private final AwsSettings settings;
  private final SdkHttpClient http;
  private final Ec2Client ec2;
  private final IamClient iam;
  private final S3Client s3;
  private final StsClient sts;
  private final KmsClient kms;
  private final ApiCalls calls;
  private final AwsCredentialsProvider credentials;
  private volatile String accountId;

  public AwsClients(AwsSettings settings) {
    this(settings, new ApiCalls());
  }

  /** Clients that count every call (one count per HTTP attempt) into {@code calls}. */
  public AwsClients(AwsSettings settings, ApiCalls calls) {
    this.settings = settings;
    this.calls = calls;
    this.http =
        ApacheHttpClient.builder()
            .maxConnections(50)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    AwsCredentialsProvider creds = credentials(settings, null);
    this.credentials = creds;
    Region region = Region.of(settings.region());
    this.ec2 = configure(Ec2Client.builder(), creds, region).build();
    // IAM is global: one endpoint per partition.
    this.iam =
        configure(
                IamClient.builder(),
                creds,
                settings.effectiveEndpoint().isPresent()
                    ? region
                    : partition() == AwsPartition.GOVCLOUD
                        ? Region.AWS_US_GOV_GLOBAL
                        : Region.AWS_GLOBAL)
            .build();
    this.s3 =
        configure(S3Client.builder(), creds, region)
            .forcePathStyle(settings.effectiveEndpoint().isPresent())
            .build();
    this.sts = configure(StsClient.builder(), creds, region).build();
    this.kms = configure(KmsClient.builder(), creds, region).build();
  }

  /**
   * Static keys (emulators only), else the named profile, else the SDK's default chain. Profiles
   * may be SSO (IAM Identity Center) or {@code aws login} ones: the sso, ssooidc and signin modules
   * are on the class path for them.
   *
   * @param profileFile the profiles to read; null for the SDK's default files
   */
  static AwsCredentialsProvider credentials(AwsSettings settings, ProfileFile profileFile) {
    if (settings.staticKeys().isPresent()) {
      AwsSettings.StaticKeys k = settings.staticKeys().get();
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()));
    }
    if (settings.profile().isPresent()) {
      ProfileCredentialsProvider.Builder b =
          ProfileCredentialsProvider.builder().profileName(settings.profile().get());
      if (profileFile != null) {
        b.profileFile(profileFile);
      }
      return b.build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** Clients made elsewhere: fakes in handlers' unit tests; null for unused ones. */
  public AwsClients(
      AwsSettings settings,
      Ec2Client ec2,
      IamClient iam,
      S3Client s3,
      StsClient sts,
      KmsClient kms) {
    this.settings = settings;
    this.calls = new ApiCalls();
    this.credentials = null;
    this.http = null;
    this.ec2 = ec2;
    this.iam = iam;
    this.s3 = s3;
    this.sts = sts;
    this.kms = kms;
  }

  private <
          B extends
              AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
      B configure(B builder, AwsCredentialsProvider creds, Region region) {
    builder
        .credentialsProvider(creds)
        .region(region)
        .httpClient(http)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                // The engine's retry policy does the retrying, with its own clock; keep the SDK's
                // short.
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofMinutes(2))
                .addExecutionInterceptor(
                    new ExecutionInterceptor() {
                      @Override
                      public void beforeTransmission(
                          Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        calls.record(
                            attributes
                                .getAttribute(SdkExecutionAttribute.SERVICE_NAME)
                                .toLowerCase(java.util.Locale.ROOT));
                      }

                      @Override
                      public Throwable modifyException(
                          Context.FailedExecution context, ExecutionAttributes attributes) {
                        return AwsErrorClassifier.withCallSite(context, attributes);
                      }
                    })
                .build());
    settings.effectiveEndpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  public AwsSettings settings() {
    return settings;
  }

  /**
   * The credentials every client signs with (null for clients made elsewhere); doctor asks it which
   * provider of the chain answered.
   */
  public AwsCredentialsProvider credentialsProvider() {
    return credentials;
  }

  /** The shared HTTP client (null for clients made elsewhere), for calls without an SDK client. */
  public SdkHttpClient httpClient() {
    return http;
  }

  /** Counts one call of a service made without an SDK client. */
  public void recordCall(String service) {
    calls.record(service);
  }

  public String region() {
    return settings.region();
  }

  /** The partition of the region: ARNs and Databricks' AWS account come from it. */
  public AwsPartition partition() {
    return AwsPartition.forRegion(settings.region());
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public IamClient iam() {
    return iam;
  }

  public S3Client s3() {
    return s3;
  }

  public StsClient sts() {
    return sts;
  }

  public KmsClient kms() {
    if (kms == null) {
      throw new IllegalStateException("these AWS clients were made without KMS");
    }
    return kms;
  }

  /** The AWS account id of the caller, asked of STS once. */
  public String accountId() {
    String id = accountId;
    if (id == null) {
      id = sts.getCallerIdentity(GetCallerIdentityRequest.builder().build()).account();
      accountId = id;
    }
    return id;
  }

  @Override
  public void close() {
    ec2.close();
    iam.close();
    s3.close();
    sts.close();
    if (kms != null) {
      kms.close();
    }
    if (http != null) {
      http.close();
    }
  }
}
