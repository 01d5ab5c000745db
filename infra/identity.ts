import { Duration } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../shared/definitions/roles.ts';
import { dataRemoval, type InfraConfig } from './config.ts';

export interface IdentityProps {
  cfg: InfraConfig;
  /** The portal's origin (`https://…`), for the OAuth callback of the staff workbench. */
  portalOrigin: string;
}

/**
 * The identity port (docs/architecture.md § Identity and scope): any OIDC issuer behind the HTTP API's JWT authorizer.
 * - context `oidcIssuer` + `oidcAudience` → that issuer (皖事通 in China regions, where it is required);
 * - otherwise a Cognito user pool for staff and organisations, one group per role in ROLES
 *   (the role travels in `cognito:groups`), and a public app client (authorization code + PKCE, no secret).
 * Applicants have no account.
 */
export class Identity extends Construct {
  readonly issuer: string;
  readonly audience: string[];
  readonly authorizer: HttpJwtAuthorizer;
  readonly userPool?: cognito.UserPool;

  constructor(scope: Construct, id: string, { cfg, portalOrigin }: IdentityProps) {
    super(scope, id);
    if (cfg.oidcIssuer) {
      this.issuer = cfg.oidcIssuer;
      this.audience = cfg.oidcAudience;
    } else {
      const pool = new cognito.UserPool(this, 'UserPool', {
        userPoolName: `bozhou-${cfg.stage}`,
        selfSignUpEnabled: false, // staff and organisations are registered by the city, never self-registered
        signInAliases: { username: true, email: true },
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        passwordPolicy: {
          minLength: 12,
          requireDigits: true,
          requireLowercase: true,
          requireUppercase: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
        },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        deletionProtection: !cfg.disposable,
        removalPolicy: dataRemoval(cfg),
      });
      ROLES.forEach((role, i) => pool.addGroup(`Group-${role}`, { groupName: role, precedence: i }));
      pool.addDomain('Domain', { cognitoDomain: { domainPrefix: cfg.cognitoDomainPrefix } });
      const callbackUrls = [`${portalOrigin}/staff/`];
      if (cfg.disposable) callbackUrls.push('http://localhost:3000/staff/');
      const client = pool.addClient('PortalClient', {
        userPoolClientName: `bozhou-${cfg.stage}-portal`,
        generateSecret: false, // a browser client cannot keep a secret: PKCE instead
        authFlows: { userSrp: true },
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls,
          logoutUrls: callbackUrls,
        },
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        // Short-lived tokens (docs/architecture.md § Identity and scope): a revoked scope stops working within 15 minutes.
        accessTokenValidity: Duration.minutes(15),
        idTokenValidity: Duration.minutes(15),
        refreshTokenValidity: Duration.hours(8),
      });
      this.userPool = pool;
      this.issuer = pool.userPoolProviderUrl;
      this.audience = [client.userPoolClientId];
    }
    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', this.issuer, {
      authorizerName: 'jwt',
      jwtAudience: this.audience,
      identitySource: ['$request.header.Authorization'],
    });
  }
}
