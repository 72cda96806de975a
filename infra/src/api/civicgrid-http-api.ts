import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Routes served without a token: sign-up, login, citizen reports, Open311, health and the OpenAPI document. */
export const PUBLIC_ROUTES: ReadonlyArray<{ path: string; methods: HttpMethod[] }> = [
  { path: '/api/signup', methods: [HttpMethod.POST] },
  { path: '/api/auth/login', methods: [HttpMethod.POST] },
  { path: '/api/auth/refresh', methods: [HttpMethod.POST] },
  { path: '/api/auth/logout', methods: [HttpMethod.POST] },
  { path: '/public/{proxy+}', methods: [HttpMethod.ANY] },
  { path: '/open311/{proxy+}', methods: [HttpMethod.ANY] },
  { path: '/health', methods: [HttpMethod.GET] },
  { path: '/openapi.json', methods: [HttpMethod.GET] },
  { path: '/docs', methods: [HttpMethod.GET] },
];

/** Props for {@link CivicGridHttpApi}. */
export interface CivicGridHttpApiProps {
  /** The one Lambda serving every route (the Hono app). */
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** `iss` of staff ID tokens (partition-aware: `amazonaws.com.cn` in China). */
  readonly jwtIssuer: string;
  /**
   * A custom domain for the API origin with its regional ACM certificate. With it the default execute-api endpoint
   * is switched off (`disableExecuteApiEndpoint`) and CloudFront reaches the API by this name; without it the
   * execute-api endpoint stays and the app refuses any request without the distribution's origin secret.
   */
  readonly originDomain?: { name: string; certificateArn: string };
  /** Browser origins allowed by CORS. */
  readonly webOrigins: string[];
  /** Steady-state requests per second for the whole stage. */
  readonly rateLimit: number;
  /** Burst capacity for the whole stage. */
  readonly burstLimit: number;
}

/**
 * The HTTP API: `/api/*` behind a Cognito JWT authorizer (except sign-up and login), the public routes open, one
 * Lambda integration for all, a throttled `$default` stage with JSON access logs.
 */
export class CivicGridHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The API's own custom domain, when configured (the CloudFront origin then uses it). */
  readonly originDomainName?: string;

  constructor(scope: Construct, id: string, props: CivicGridHttpApiProps) {
    super(scope, id);
    this.originDomainName = props.originDomain?.name;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'CivicGrid HTTP API',
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.originDomain !== undefined,
      corsPreflight: {
        allowOrigins: props.webOrigins,
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type', 'x-request-id'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.hours(1),
      },
    });
    const domainName = props.originDomain
      ? new DomainName(this, 'OriginDomain', {
          domainName: props.originDomain.name,
          certificate: Certificate.fromCertificateArn(this, 'OriginCertificate', props.originDomain.certificateArn),
        })
      : undefined;
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      ...(domainName ? { domainMapping: { domainName } } : {}),
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR }),
        ),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('App', props.handler);
    // A plain JWT authorizer rather than HttpUserPoolAuthorizer, whose issuer hard-codes `amazonaws.com`.
    const authorizer: IHttpRouteAuthorizer = new HttpJwtAuthorizer('StaffJwt', props.jwtIssuer, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });
    this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });
    const publicRoutes = PUBLIC_ROUTES.flatMap((route) => this.httpApi.addRoutes({ ...route, integration }));

    for (const route of publicRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Only the public routes (/api/signup, /api/auth/login, /public/*, /open311/*, /health, /openapi.json) are anonymous by design: citizens report without an account and staff need a route to obtain a token. They are throttled by the stage and validated by the app; every other /api/* route uses the Cognito JWT authorizer.',
      });
    }
  }

  /** `https://<id>.execute-api.<region>.<urlSuffix>`, or `https://<originDomain>` (no trailing slash). */
  get endpoint(): string {
    return this.originDomainName ? `https://${this.originDomainName}` : this.httpApi.apiEndpoint;
  }
}
