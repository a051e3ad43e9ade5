import { ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";

/** The client pool's users that belong to a company. */
export async function clientUsersOf(companyId: string): Promise<string[]> {
  const names: string[] = [];
  let PaginationToken: string | undefined;
  do {
    const page = await cognito().send(
      new ListUsersCommand({ UserPoolId: config().clientPool.userPoolId, PaginationToken }),
    );
    for (const user of page.Users ?? []) {
      if (user.Attributes?.some((a) => a.Name === "custom:company" && a.Value === companyId))
        names.push(user.Username!);
    }
    PaginationToken = page.PaginationToken;
  } while (PaginationToken);
  return names;
}
