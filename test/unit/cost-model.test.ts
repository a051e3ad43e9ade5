import { estimateMonth, type OperationCost, operationDollars, type UsageAssumptions } from "../../bench/cost-model";
import { PRICE_SOURCES, PRICES } from "../../bench/pricing";

const op = (name: string, overrides: Partial<OperationCost> = {}): OperationCost => ({
  name,
  readUnits: 1,
  writeUnits: 0,
  durationMs: 0,
  memoryMb: 1024,
  apiRequest: true,
  source: "test",
  ...overrides,
});

const operations = new Map(
  ["get client", "create client", "sign-in", "email", "webhook delivery", "outbox sweep", "webhook sweep"].map(
    (name) => [name, op(name)],
  ),
);

const usage: UsageAssumptions = {
  requestsPerClient: { "get client": 1 },
  newClientShare: 0,
  emailsPerClient: 0,
  webhookDeliveriesPerClient: 0,
  signingInClientShare: 1,
  signInsPerClient: 0,
  staffPerThousandClients: 0,
  minStaff: 1,
  signInsPerStaff: 0,
  logBytesPerInvocation: 0,
  storedBytesPerClient: 0,
  coldStartShare: 0,
  customMetrics: 0,
  alarmMetrics: 0,
};

describe("cost model", () => {
  it("prices a million operations by their units, their GB-seconds and API Gateway's request price", () => {
    const cost = operationDollars(op("x", { readUnits: 2, writeUnits: 4, durationMs: 500, memoryMb: 2048 }), 1e6);
    expect(cost.dynamodb).toBeCloseTo(
      2 * PRICES.dynamodb.perMillionReadUnits + 4 * PRICES.dynamodb.perMillionWriteUnits,
    );
    expect(cost.lambda).toBeCloseTo(1e6 * 2 * 0.5 * PRICES.lambda.perGbSecondArm + PRICES.lambda.perMillionRequests);
    expect(cost.apiGateway).toBeCloseTo(PRICES.httpApi.perMillionRequests);
    expect(operationDollars(op("y", { apiRequest: false }), 1e6).apiGateway).toBe(0);
  });

  it("Cognito: client MAU free up to the Essentials tier, then per MAU; staff always at the Plus price", () => {
    const free = estimateMonth(PRICES.cognito.essentialsFreeMau, operations, usage, 0);
    expect(free.byService.cognito).toBeCloseTo(PRICES.cognito.plusPerMau);
    const beyond = estimateMonth(PRICES.cognito.essentialsFreeMau + 1000, operations, usage, 0);
    expect(beyond.byService.cognito).toBeCloseTo(1000 * PRICES.cognito.essentialsPerMau + PRICES.cognito.plusPerMau);
  });

  it("the total is the sum of the services, and the fixed costs do not grow with clients", () => {
    const small = estimateMonth(1000, operations, { ...usage, customMetrics: 10, alarmMetrics: 10 }, 0);
    expect(small.total).toBeCloseTo(Object.values(small.byService).reduce((a, b) => a + b, 0));
    expect(small.perClient).toBeCloseTo(small.total / 1000);
    const fixed = 10 * PRICES.cloudwatch.perCustomMetricMonth + 10 * PRICES.cloudwatch.perAlarmMetricMonth;
    expect(small.byService.cloudwatch).toBeCloseTo(fixed + PRICES.cloudwatch.perDashboardMonth);
  });

  it("the field key is priced at its steady state: the key and its two billed rotations", () => {
    const month = estimateMonth(1000, operations, usage, 0);
    expect(month.byService["kms + secrets"]).toBeCloseTo(
      3 * PRICES.kms.perKeyMonth + PRICES.secretsManager.perSecretMonth,
    );
  });

  it("every price has a dated source, and one that is neither AWS's nor a secondary quote says it is unverified", () => {
    for (const [service, prices] of Object.entries(PRICES)) {
      for (const name of Object.keys(prices)) {
        const source = (PRICE_SOURCES as Record<string, Record<string, { url: string; read: string; status: string }>>)[
          service
        ]![name];
        expect({ price: `${service}.${name}`, source }).toEqual({
          price: `${service}.${name}`,
          source: expect.objectContaining({
            url: expect.stringMatching(/^https:\/\//),
            read: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
            status: expect.stringMatching(/^(aws|secondary|unverified)$/),
          }),
        });
      }
    }
  });
});
