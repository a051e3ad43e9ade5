import { AwsSolutionsChecks } from "cdk-nag";
import { NAG_ACKNOWLEDGEMENTS } from "../../infra/nag";
import { buildStack, constructStack, settleSockets } from "./synth-helpers";

const findings = (report: ReturnType<AwsSolutionsChecks["validateScope"]>) =>
  report.violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity, path: r.constructPath ?? "" })),
  );

afterAll(settleSockets);

describe("cdk-nag AwsSolutions", () => {
  test.each([
    ["defaults", {}],
    [
      "a domain and a signup origin",
      { domain: "example.org", fromAddress: "", signupOrigin: "https://join.example.org" },
    ],
  ])("no unacknowledged error or warning (%s)", (_name, context) => {
    const { stack } = buildStack(context);
    expect(findings(new AwsSolutionsChecks().validateScope(stack))).toEqual([]);
  });

  test("every acknowledgement has a one-line reason and is still needed", () => {
    const stack = constructStack({}, { acknowledgeNagFindings: false });
    const raw = findings(new AwsSolutionsChecks().validateScope(stack));
    for (const ack of NAG_ACKNOWLEDGEMENTS) {
      expect(ack.reason.trim().length).toBeGreaterThan(20);
      expect(ack.reason).not.toContain("\n");
      for (const scope of ack.scopes(stack)) {
        expect(scope).toBeDefined();
        const path = scope!.node.path;
        const found = raw.some((f) => f.rule === ack.id && f.path.startsWith(`${path}/`));
        expect({ ack: ack.id, path, found }).toEqual({ ack: ack.id, path, found: true });
      }
    }
  });
});
