package dev.deployer.cloud.storage;

/** The spec of a bucket setting that is a resource of its own: it names the bucket it is set on. */
interface BucketSettingSpec {
  String bucket();
}
