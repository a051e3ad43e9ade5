/**
 * `npm run bench`: the bundle benchmark, then the API benchmark on the local
 * stack. `npm run bench -- bundles` or `-- api` runs one of them.
 */
const which = process.argv[2] ?? "all";
if (!["all", "bundles", "api"].includes(which)) {
  console.error(`Unknown benchmark "${which}": use bundles, api, or nothing for both.`);
  process.exit(2);
}
// Before any module creates the logger: one line per request would bury the progress output.
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

if (which !== "api") {
  const { runBundleBench } = await import("./bundles");
  console.log("\n== Bundles ==");
  await runBundleBench();
}
if (which !== "bundles") {
  const { runApiBench } = await import("./api");
  console.log("\n== API latency and cost on the local stack ==");
  await runApiBench();
}

export {};

// The emulators' client sockets and the SDK's keep-alive agents would hold the process open.
process.exit(0);
