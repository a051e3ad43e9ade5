import type { AuthContext } from "../access/caller";
import type { Actor } from "../domain/history";

export function actorOf(auth: AuthContext): Actor {
  return { type: auth.audience, id: auth.sub, username: auth.username };
}
