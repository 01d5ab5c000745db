import * as path from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import { Api, BID_OPENER, REPO_ROOT } from './api.ts';
import { Async } from './async.ts';
import type { InfraConfig } from './config.ts';
import { Data } from './data.ts';
import { Edge } from './edge.ts';
import { Identity } from './identity.ts';

export interface BozhouStackProps extends StackProps {
  cfg: InfraConfig;
  /** The built portal folder (default `portal/dist`). */
  portalDist?: string;
}

/**
 * Everything of one stage in its region: data → functions and HTTP API → queues and schedules →
 * CloudFront → identity (its callback URL is the portal's) → routes with the JWT authorizer → alarms.
 */
export class BozhouStack extends Stack {
  readonly data: Data;
  readonly api: Api;
  readonly async: Async;
  readonly edge: Edge;
  readonly identity: Identity;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: BozhouStackProps) {
    super(scope, id, props);
    const { cfg } = props;
    this.data = new Data(this, 'Data', cfg);
    this.api = new Api(this, 'Api', cfg, this.data);
    this.async = new Async(this, 'Async', cfg, this.api.functions);
    this.edge = new Edge(this, 'Edge', {
      cfg,
      apiDomain: this.api.apiDomain,
      accessLogsBucket: this.data.accessLogsBucket,
      portalDist: props.portalDist ?? path.join(REPO_ROOT, 'portal', 'dist'),
      // Presigned URLs are virtual-hosted on the bucket's regional domain (the SDK's default in the functions).
      // The bucket's own name cannot be used here: its CORS rule names the distribution, whose headers policy
      // this is (a cycle), so the CSP allows the region's S3 hosts, still only https and only this region.
      documentsOrigin: `https://*.s3.${this.region}.${this.urlSuffix}`,
    });
    const portalOrigin = `https://${cfg.portalDomain || this.edge.distribution.distributionDomainName}`;
    this.api.setAllowedOrigins([portalOrigin]);
    this.data.allowUploadsFrom([portalOrigin]);
    this.identity = new Identity(this, 'Identity', { cfg, portalOrigin });
    this.api.addRoutes(this.identity.authorizer);
    this.alarms = new Alarms(this, 'Alarms', {
      cfg,
      functions: this.api.functions,
      queueDlqs: Object.fromEntries(Object.entries(this.async.queues).map(([n, q]) => [n, q.dlq])),
      scheduleDlqs: this.async.scheduleDlqs,
      bidKey: this.data.bidKey,
      bidOpener: this.api.functions[BID_OPENER]!,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'HTTP API endpoint (behind CloudFront at /api/*)' });
    new CfnOutput(this, 'DistributionDomain', { value: this.edge.distribution.distributionDomainName, description: 'CloudFront domain' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName, description: 'DynamoDB table' });
    new CfnOutput(this, 'OidcIssuer', { value: this.identity.issuer, description: 'JWT issuer the HTTP API trusts' });
  }
}
