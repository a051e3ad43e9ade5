import type { Actor } from "../domain/history";
import type { AuthContext } from "./auth-context";

export function actorOf(auth: AuthContext): Actor {
  return { type: auth.audience, id: auth.sub, username: auth.username };
}
