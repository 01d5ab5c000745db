import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE } from '../shared/definitions/table.ts';
import { DOCUMENT_UPLOAD_CORS } from '../shared/definitions/uploads.ts';
import { AUDIT_ANCHOR_RETENTION, dataRemoval, type InfraConfig } from './config.ts';

/** What the account may do with the bid key: administer it, never use it (no Decrypt, no CreateGrant). */
export const BID_KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListKeyPolicies',
  'kms:ListGrants',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:EnableKeyRotation',
  'kms:UpdateKeyDescription',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * The data layer: the single table (built from shared/definitions/table.ts), its KMS keys, and the buckets.
 *
 * Keys:
 * - `dataKey` (symmetric, rotated): table SSE and the documents bucket.
 * - `piiKey` (symmetric, rotated): envelope encryption of ID numbers, phones and bank accounts inside items.
 * - `piiHmacKey` (HMAC_256): keyed hashes that index ID numbers and phones. KMS does not rotate HMAC keys
 *   automatically; rotation is a new key, and the key id is stored beside each hash (docs/architecture.md § Personal data).
 * - `bidKey` (symmetric, rotated): sealed bids (measure 十八). Its policy does NOT trust the account for
 *   use: the account may only administer it; infra/api.ts (`grantBidKey`) lets the procurement role seal
 *   (GenerateDataKey/Encrypt) and the opening role alone decrypt, and denies Decrypt to anyone else.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly dataKey: kms.Key;
  readonly piiKey: kms.Key;
  readonly piiHmacKey: kms.Key;
  readonly bidKey: kms.Key;
  readonly accessLogsBucket: s3.Bucket;
  readonly documentsBucket: s3.Bucket;
  readonly paymentFilesBucket: s3.Bucket;
  readonly auditBucket: s3.Bucket;

  constructor(scope: Construct, id: string, cfg: InfraConfig) {
    super(scope, id);
    const removalPolicy = dataRemoval(cfg);

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `bozhou ${cfg.stage}: table and documents encryption`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.piiKey = new kms.Key(this, 'PiiKey', {
      description: `bozhou ${cfg.stage}: envelope encryption of personal data in items`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.piiHmacKey = new kms.Key(this, 'PiiHmacKey', {
      description: `bozhou ${cfg.stage}: keyed hashes (HMAC-SHA256) of ID numbers and phones`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
    });

    // Administration only (no Encrypt, Decrypt, GenerateDataKey, ReEncrypt or CreateGrant): IAM policies in
    // the account can manage the key but never use it. Use is granted to two roles by name (infra/api.ts).
    this.bidKey = new kms.Key(this, 'BidKey', {
      description: `bozhou ${cfg.stage}: sealed bids (measure 十八); only the opening function may decrypt`,
      enableKeyRotation: true,
      removalPolicy,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'KeyAdministrationWithoutUse',
            principals: [new iam.AccountRootPrincipal()],
            actions: BID_KEY_ADMIN_ACTIONS,
            resources: ['*'],
          }),
        ],
      }),
    });

    const partitionKey = { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING };
    const sortKey = { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING };
    this.table = new dynamodb.Table(this, TABLE.logicalName, {
      partitionKey,
      sortKey,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: dynamodb.StreamViewType[TABLE.stream],
      deletionProtection: !cfg.disposable,
      removalPolicy,
    });
    for (const index of TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Target of S3 server access logs and CloudFront standard logs. Both deliver with ACLs (CloudFront
    // standard logging requires them), so object ownership is BUCKET_OWNER_PREFERRED, and log delivery
    // cannot write SSE-KMS objects, so it is SSE-S3.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy,
    });

    // Application documents, and payment files (bank batch files of payment runs): private, KMS-encrypted,
    // reached through presigned URLs only. Two buckets, as in the local runtime (infra/local/s3.ts), so that
    // payment files can be granted to finance functions alone. Only the documents bucket answers CORS, for
    // the portal's browser uploads (allowUploadsFrom); the site and API are one origin (docs/architecture.md § Edge).
    const privateBucket = (id: string, prefix: string): s3.Bucket =>
      new s3.Bucket(this, id, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.dataKey,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${prefix}/`,
        lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
        removalPolicy,
      });
    this.documentsBucket = privateBucket('Documents', 'documents');
    this.paymentFilesBucket = privateBucket('PaymentFiles', 'payment-files');

    // Audit anchors: the heads of the per-aggregate audit chains, written on a schedule (docs/architecture.md § Audit).
    // Object Lock: COMPLIANCE outside dev (nobody, root included, can shorten it), GOVERNANCE in dev so a
    // developer with s3:BypassGovernanceRetention can clean up. Anchors are hashes, not personal data, so
    // SSE-S3 is enough and a deleted KMS key can never make the record unreadable. Always RETAINed.
    this.auditBucket = new s3.Bucket(this, 'AuditAnchors', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: cfg.disposable ? s3.ObjectLockRetention.governance(Duration.days(1)) : s3.ObjectLockRetention.compliance(AUDIT_ANCHOR_RETENTION),
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'audit-anchors/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Browser PUTs of presigned URLs from the portal's origins: the one CORS rule, as the local S3 gate answers it. */
  allowUploadsFrom(origins: string[]): void {
    this.documentsBucket.addCorsRule({
      allowedOrigins: origins,
      allowedMethods: DOCUMENT_UPLOAD_CORS.allowedMethods.map((m) => s3.HttpMethods[m]),
      allowedHeaders: [...DOCUMENT_UPLOAD_CORS.allowedHeaders],
      exposedHeaders: [...DOCUMENT_UPLOAD_CORS.exposedHeaders],
      maxAge: DOCUMENT_UPLOAD_CORS.maxAgeSeconds,
    });
  }
}
