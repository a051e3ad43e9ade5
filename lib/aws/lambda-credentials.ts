/**
 * The Lambda bundles' stand-in for `@aws-sdk/credential-provider-node` (the
 * `alias` in infra/bundling.ts), whose `defaultProvider` every SDK client
 * imports. In Lambda the function's credentials are in its environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN): the first
 * link of the SDK's default chain, the one that always answers there. The
 * chain's other links (profiles, SSO, login, web identity, container and
 * instance metadata) and the STS, SSO and sign-in clients they carry were
 * about 130 KiB of every bundle (bench/README.md). The sources run by the
 * local server and the tests are not bundled and keep the SDK's whole chain.
 */
import { type FromEnvInit, fromEnv } from "@aws-sdk/credential-provider-env";

export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);
