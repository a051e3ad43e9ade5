import { Duration, Stack } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { RouteSpec } from "../lib/http/route";

/** Tighter limits than the stage's for the routes worth abusing (account-wide, not per client: see README). */
export const ROUTE_THROTTLE: Readonly<Record<string, { rateLimit: number; burstLimit: number }>> = {
  "POST /v1/signup": { rateLimit: 10, burstLimit: 20 },
  "POST /v1/auth/staff/login": { rateLimit: 20, burstLimit: 40 },
  "POST /v1/auth/clients/login": { rateLimit: 50, burstLimit: 100 },
};

export interface ApiProps {
  routes: readonly RouteSpec[];
  /** The function serving each `RouteSpec.lambda`. */
  functionFor: (lambda: RouteSpec["lambda"]) => IFunction;
  /** Answers `$default`: 404 for unknown paths, 405 for a known path with another method. */
  fallback: IFunction;
  throttle: { rateLimit: number; burstLimit: number };
  /** CORS origin of a signup form hosted elsewhere; undefined: none (the form is served by this API, same origin). */
  signupOrigin: string | undefined;
  logRetention: RetentionDays;
}

export const routeKeyOf = (spec: Pick<RouteSpec, "method" | "path">): string => `${spec.method} ${spec.path}`;

/**
 * The HTTP API: one route per entry of the route catalog (lib/api/catalog.ts),
 * so a new route is deployed as soon as it is in the catalog, and `$default`
 * to the fallback function.
 *
 * DELIBERATE DEVIATION from "JWT authorizers on protected routes": no route
 * has an API Gateway authorizer. Tokens are verified inside the functions
 * (lib/http/authenticate.ts, aws-jwt-verify against both pools' JWKS), because
 * api.md requires (1) RFC 9457 problem+json bodies for 401 and 403, which an
 * HTTP API JWT authorizer does not produce (it answers its own
 * `{"message":"Unauthorized"}`), (2) 403, not 401, for a valid token of the
 * other pool, which an authorizer bound to one pool cannot tell apart from a
 * bad token, and (3) routing before authentication (404/405 before 401), while
 * an authorizer runs before the route's function. The functions therefore get
 * both pools' ids, app client ids and the issuer base in their environment,
 * and test/infra asserts that for every non-public route.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly routes = new Map<string, HttpRoute>();
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: `${stackName}-api`,
      description: "Clientele client registry API",
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration("FallbackIntegration", props.fallback, {
        scopePermissionToRoute: false,
      }),
      corsPreflight: props.signupOrigin
        ? {
            allowOrigins: [props.signupOrigin],
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
            allowHeaders: ["content-type", "idempotency-key"],
            exposeHeaders: ["retry-after", "etag", "location"],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });

    this.accessLogs = new LogGroup(this, "AccessLogs", { retention: props.logRetention });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            method: "$context.httpMethod",
            path: "$context.path",
            routeKey: "$context.routeKey",
            status: "$context.status",
            responseLength: "$context.responseLength",
            latencyMs: "$context.responseLatency",
            integrationLatencyMs: "$context.integrationLatency",
            integrationError: "$context.integrationErrorMessage",
            userAgent: "$context.identity.userAgent",
          }),
        ),
      },
    });

    // One integration (and one invoke permission) per function, shared by its routes.
    const integrations = new Map<RouteSpec["lambda"], HttpLambdaIntegration>();
    const integrationFor = (lambda: RouteSpec["lambda"]) => {
      let integration = integrations.get(lambda);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${lambda}Integration`, props.functionFor(lambda), {
          scopePermissionToRoute: false,
        });
        integrations.set(lambda, integration);
      }
      return integration;
    };

    for (const spec of props.routes) {
      const key = routeKeyOf(spec);
      if (this.routes.has(key)) throw new Error(`The route catalog has ${key} twice`);
      const route = new HttpRoute(this, `Route-${spec.operationId}`, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(spec.path, HttpMethod[spec.method]),
        integration: integrationFor(spec.lambda),
      });
      this.routes.set(key, route);
    }

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const [key, limits] of Object.entries(ROUTE_THROTTLE)) {
      const route = this.routes.get(key);
      if (!route) continue;
      routeSettings[key] = { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit };
      // Route settings name routes by key: the route must exist before the stage refers to it.
      this.stage.node.addDependency(route);
    }
    if (Object.keys(routeSettings).length > 0) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    }
  }

  /** The API's base URL, ending without a slash. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
