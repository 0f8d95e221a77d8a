package dev.deployer.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the emulator asks the AWS side, as the real control plane would. {@link #NONE} when no AWS
 * endpoint is configured: then nothing is checked and nothing is known (no AZs, no creation dates).
 */
interface AwsView {
  record Role(Instant created, String trustPolicy) {}

  record Subnet(String id, String vpcId, String availabilityZone) {}

  /** An AWS VPC endpoint as EC2 describes it in its region. */
  record VpcEndpoint(String id, String vpcId, String serviceName, String state) {}

  /** A KMS key: its ARN as KMS reports it (the key's own region), its state and key policy. */
  record KmsKey(String arn, String keyState, String policy) {}

  boolean enabled();

  Optional<Role> role(String roleArn);

  boolean bucketExists(String bucket);

  boolean vpcExists(String vpcId);

  /** The subnets that exist, by id; missing ones are absent. */
  Map<String, Subnet> subnets(List<String> ids);

  /** Security group id -> VPC id, for the groups that exist. */
  Map<String, String> securityGroups(List<String> ids);

  /** The endpoint {@code id} in {@code region}; empty when EC2 there does not know it. */
  Optional<VpcEndpoint> vpcEndpoint(String id, String region);

  /** The key named by {@code keyArn}, looked up in the ARN's region; empty when unknown. */
  Optional<KmsKey> kmsKey(String keyArn);

  AwsView NONE =
      new AwsView() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public Optional<Role> role(String roleArn) {
          return Optional.empty();
        }

        @Override
        public boolean bucketExists(String bucket) {
          return true;
        }

        @Override
        public boolean vpcExists(String vpcId) {
          return true;
        }

        @Override
        public Map<String, Subnet> subnets(List<String> ids) {
          return Map.of();
        }

        @Override
        public Map<String, String> securityGroups(List<String> ids) {
          return Map.of();
        }

        @Override
        public Optional<VpcEndpoint> vpcEndpoint(String id, String region) {
          return Optional.empty();
        }

        @Override
        public Optional<KmsKey> kmsKey(String keyArn) {
          return Optional.empty();
        }
      };
}
