/** CDK app entry (cdk.json: `npx tsx infra/app.ts`). */
import { createApp } from "./clientele-app";

createApp().app.synth();
