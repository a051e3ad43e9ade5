import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import { Alarm, type CfnAlarm } from "aws-cdk-lib/aws-cloudwatch";
import { PROJECT_ROOT } from "../../infra/bundling";
import { buildStack, settleSockets } from "./synth-helpers";

afterAll(settleSockets);

const runbook = readFileSync(join(PROJECT_ROOT, "docs/operations.md"), "utf8");
/** The ids a runbook heading names, in backticks: `### \`Api5xx\`` or a list of them. */
const documented = new Set(
  runbook
    .split("\n")
    .filter((line) => line.startsWith("### "))
    .flatMap((line) => [...line.matchAll(/`([A-Za-z0-9-]+)`/g)].map((match) => match[1]!)),
);

describe("docs/operations.md", () => {
  test("every alarm of the synthesised template has its runbook entry, by construct id", () => {
    const { stack, template } = buildStack();
    const inTemplate = Object.keys(template.findResources("AWS::CloudWatch::Alarm"));
    const alarms = stack.node.findAll().filter((c): c is Alarm => c instanceof Alarm);
    // Every alarm resource is one of these constructs: none is built by hand and missed here.
    expect(alarms.map((a) => Stack.of(a).getLogicalId(a.node.defaultChild as CfnAlarm)).sort()).toEqual(
      inTemplate.sort(),
    );
    const missing = alarms.map((a) => a.node.id).filter((id) => !documented.has(id));
    expect(missing).toEqual([]);
  });

  test("covers deploy, upgrade, roll back, restore, rotation, reindex and adding a company", () => {
    for (const section of [
      "## Deploy",
      "## Upgrade",
      "## Roll back",
      "## Restore from point-in-time recovery",
      "## Rotate the cursor secret",
      "## Rotate the field key",
      "## Reindex",
      "## Add a company",
    ]) {
      expect(runbook).toContain(`\n${section}\n`);
    }
  });
});
