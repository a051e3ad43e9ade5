import { readFileSync } from "node:fs";
import { NODE_TARGET } from "../../infra/bundling";

const lambdaMajor = NODE_TARGET.replace("node", "");
const projectFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");

describe("the Node.js the tests run on", () => {
  it("is the major version Lambda runs, brought by npm ci whatever the machine's own Node is", () => {
    expect(process.versions.node.split(".")[0]).toBe(lambdaMajor);
  });

  it("is the one package.json's engines, its node dev dependency and .nvmrc name", () => {
    const { engines, devDependencies } = JSON.parse(projectFile("package.json"));
    expect(engines.node).toBe(`${lambdaMajor}.x`);
    expect(devDependencies.node.split(".")[0]).toBe(lambdaMajor);
    expect(projectFile(".nvmrc").trim()).toBe(lambdaMajor);
  });
});
