/** `npm run generate:lean`: writes the tables of scripts/lean-tables.ts. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LEAN_TABLES } from "./lean-tables";

const root = fileURLToPath(new URL("..", import.meta.url));
for (const table of LEAN_TABLES) {
  writeFileSync(join(root, table.file), table.content());
  console.log(`wrote ${table.file}`);
}
