import { AssetHashType, DockerImage, Duration, Stack } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { BACKGROUND_FUNCTIONS, buildFunctionAsset, type LambdaEntry } from "./bundling";
import type { Data } from "./data";
import type { Email } from "./email";
import type { Identity } from "./identity";
import { accessOf, fieldKeyActions, TABLE_READ, TABLE_WRITE } from "./permissions";

/** The Lambda runtime every function runs on; `NODE_TARGET` in bundling.ts matches it. */
export const RUNTIME = Runtime.NODEJS_22_X;

/**
 * A function's asset as `buildFunctionAsset` (infra/bundling.ts) builds it: `index.mjs` with its chunks, which
 * NodejsFunction cannot give (it always passes `--outfile`, which esbuild refuses with code splitting). The
 * hash is the output's, so an unchanged bundle is not uploaded again. esbuild is a dev dependency: bundling
 * always happens on this machine; the image is there because CDK requires one and is never run.
 */
function functionCode(entry: LambdaEntry, root: string): Code {
  return Code.fromAsset(root, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry("never-used-bundling-is-local"),
      // CDK reuses a bundling within a synth when its options serialise alike, and `local` (a function) does
      // not serialise: without the entry here every function would get the first one's asset.
      environment: { CLIENTELE_ENTRY: entry.entry },
      local: {
        tryBundle(outputDir) {
          buildFunctionAsset(entry, outputDir, root);
          return true;
        },
      },
    },
  });
}

interface Sizing {
  memorySize: number;
  timeout: Duration;
}
/** Memory of the API functions and of the background ones (the mailer, the sweeper); `npm run cost` prices them. */
export const API_MEMORY_MB = 1024;
export const BACKGROUND_MEMORY_MB = 512;
const API_SIZING: Sizing = { memorySize: API_MEMORY_MB, timeout: Duration.seconds(10) };
const BACKGROUND_SIZING: Sizing = { memorySize: BACKGROUND_MEMORY_MB, timeout: Duration.seconds(60) };
/**
 * Functions that need more than their kind's default: an import's dry run reads and checks up to 5 MB of
 * rows (API Gateway waits at most 30 s for a function), and the import worker creates 100 clients per chunk.
 */
const FUNCTION_SIZING: Readonly<Record<string, Sizing>> = {
  imports: { memorySize: 2048, timeout: Duration.seconds(29) },
  importer: { memorySize: 1024, timeout: Duration.minutes(5) },
};

export interface FunctionsProps {
  root: string;
  data: Data;
  identity: Identity;
  email: Email;
  logRetention: RetentionDays;
  /**
   * Application settings every function gets (lib/config.ts reads them): where emails and the signup
   * form tell clients to sign in, and the signup rate limits when context overrides the defaults.
   */
  appEnvironment: Record<string, string>;
}

/**
 * One LambdaFunction per entry, each with its own role (only what
 * infra/permissions.ts grants it), its own log group with a retention, and
 * only the environment it needs.
 */
export class Functions extends Construct {
  readonly byName = new Map<string, LambdaFunction>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FunctionsProps,
  ) {
    super(scope, id);
  }

  /**
   * `deployTime`: a function CloudFormation runs while it deploys, which gets none of the application's
   * settings (the sign-in URL is the API's, and the API waits for what such a function gives).
   */
  add(entry: LambdaEntry, { deployTime = false } = {}): LambdaFunction {
    const fn = this.create(entry, deployTime);
    this.byName.set(entry.name, fn);
    return fn;
  }

  get(name: string): LambdaFunction {
    const fn = this.byName.get(name);
    if (!fn) throw new Error(`No Lambda function named "${name}" (entries: ${[...this.byName.keys()].join(", ")})`);
    return fn;
  }

  private create(entry: LambdaEntry, deployTime: boolean): LambdaFunction {
    const { props } = this;
    const { data, identity, email } = props;
    const access = accessOf(entry.name);
    const id = entry.name.charAt(0).toUpperCase() + entry.name.slice(1);
    const stack = Stack.of(this);

    const logGroup = new LogGroup(this, `${id}Logs`, { retention: props.logRetention });
    // An own role instead of AWSLambdaBasicExecutionRole: logs go to this function's log group only.
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `${stack.stackName} ${entry.name} function`,
    });
    logGroup.grantWrite(role);

    const environment: Record<string, string> = {
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_LOG_LEVEL: "INFO",
      // Token verification happens in the function (lib/http/authenticate.ts), see api.ts.
      CLIENTELE_STAFF_POOL_ID: identity.staffPool.userPoolId,
      CLIENTELE_STAFF_CLIENT_ID: identity.staffClient.userPoolClientId,
      CLIENTELE_CLIENT_POOL_ID: identity.clientPool.userPoolId,
      CLIENTELE_CLIENT_CLIENT_ID: identity.clientClient.userPoolClientId,
      // The same value lib/config.ts would derive from AWS_REGION, spelled out so that it is right in every partition.
      CLIENTELE_COGNITO_ISSUER_BASE: `https://cognito-idp.${stack.region}.${stack.urlSuffix}`,
      ...(deployTime ? {} : props.appEnvironment),
    };

    if (access.table !== "none") {
      environment.CLIENTELE_TABLE_NAME = data.table.tableName;
      const actions = access.table === "readWrite" ? [...TABLE_READ, ...TABLE_WRITE] : TABLE_READ;
      role.addToPolicy(new PolicyStatement({ actions, resources: data.tableResourceArns }));
    }
    if (access.clientPool.length > 0) {
      role.addToPolicy(
        new PolicyStatement({ actions: [...access.clientPool], resources: [identity.clientPool.userPoolArn] }),
      );
    }
    if (access.staffPool.length > 0) {
      role.addToPolicy(
        new PolicyStatement({ actions: [...access.staffPool], resources: [identity.staffPool.userPoolArn] }),
      );
    }
    if (access.fieldKey !== "none") {
      environment.CLIENTELE_FIELD_KEY_ID = data.fieldKey.keyArn;
      role.addToPolicy(
        new PolicyStatement({ actions: fieldKeyActions(access.fieldKey), resources: [data.fieldKey.keyArn] }),
      );
    }
    if (access.cursorSecret) {
      // lib/config.ts reads the secret from the environment, so CloudFormation resolves the Secrets Manager
      // value into it at deploy time (a dynamic reference: the value is not in the template). See README.
      environment.CLIENTELE_CURSOR_SECRET = data.cursorSecret.secretValue.unsafeUnwrap();
    }
    if (access.sendEmail) {
      environment.CLIENTELE_FROM_ADDRESS = email.fromAddress;
      email.grantSend(role);
    }

    const isApi = !(BACKGROUND_FUNCTIONS as readonly string[]).includes(entry.name);
    const sizing = FUNCTION_SIZING[entry.name] ?? (isApi ? API_SIZING : BACKGROUND_SIZING);
    return new LambdaFunction(this, `${id}Function`, {
      description: `${stack.stackName} ${entry.name} (${entry.entry})`,
      code: functionCode(entry, props.root),
      handler: "index.handler",
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      role,
      logGroup,
      environment,
    });
  }
}
