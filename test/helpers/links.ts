import { emailsTo, eventually, type SentEmail } from "./mail";

/** The token of the newest emailed link to `page` (e.g. `reset-password`) that reached `address`. */
export async function emailedToken(address: string, page: string, after = 0): Promise<string> {
  const pattern = new RegExp(`/${page}\\?company=[\\w-]+&token=([A-Za-z0-9_-]{43})`);
  const withLink = (emails: SentEmail[]) => emails.filter((e) => pattern.test(e.body.text));
  const emails = await eventually(
    () => emailsTo(address),
    (all) => withLink(all).length > after,
  );
  const found = withLink(emails);
  if (found.length <= after) throw new Error(`no ${page} link number ${after + 1} reached ${address}`);
  return pattern.exec(found[found.length - 1]!.body.text)![1]!;
}

/** The full link of the newest email to `address` that has one to `page`. */
export async function emailedLink(address: string, page: string): Promise<string> {
  const pattern = new RegExp(`https?://\\S+/${page}\\?company=[\\w-]+&token=[A-Za-z0-9_-]{43}`);
  const emails = await eventually(
    () => emailsTo(address),
    (all) => all.some((e) => pattern.test(e.body.text)),
  );
  const found = emails.filter((e) => pattern.test(e.body.text));
  if (found.length === 0) throw new Error(`no ${page} link reached ${address}`);
  return pattern.exec(found[found.length - 1]!.body.text)![0];
}
