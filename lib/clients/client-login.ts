import { signIn, type Tokens } from "../identity/sign-in";

/** Client sign-in. */
export async function loginClient(username: string, password: string): Promise<Tokens | null> {
  return signIn("client", username, password);
}
