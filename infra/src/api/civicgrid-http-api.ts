import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Routes served without a token: sign-up, login, citizen reports, Open311, health and the OpenAPI document. */
export const PUBLIC_ROUTES: ReadonlyArray<{ path: string; methods: HttpMethod[] }> = [
  { path: '/api/signup', methods: [HttpMethod.POST] },
  { path: '/api/auth/login', methods: [HttpMethod.POST] },
  { path: '/public/{proxy+}', methods: [HttpMethod.ANY] },
  { path: '/open311/{proxy+}', methods: [HttpMethod.ANY] },
  { path: '/health', methods: [HttpMethod.GET] },
  { path: '/openapi.json', methods: [HttpMethod.GET] },
];

/** Props for {@link CivicGridHttpApi}. */
export interface CivicGridHttpApiProps {
  /** The one Lambda serving every route (the Hono app). */
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
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

  constructor(scope: Construct, id: string, props: CivicGridHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'CivicGrid HTTP API',
      createDefaultStage: false,
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
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
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
    const authorizer: IHttpRouteAuthorizer = new HttpUserPoolAuthorizer('StaffJwt', props.userPool, {
      userPoolClients: [props.userPoolClient],
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

  /** `https://<id>.execute-api.<region>.amazonaws.com` (no trailing slash). */
  get endpoint(): string {
    return this.httpApi.apiEndpoint;
  }
}
