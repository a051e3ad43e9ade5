import { jest } from "@jest/globals";

type Sendable = { send: (command: any, ...rest: any[]) => Promise<any> };

/**
 * Makes `client.send` fail for the first `times` commands that `matches`,
 * and pass every other command through to the real emulator.
 */
export function failCommands(
  client: Sendable,
  matches: (command: unknown) => boolean,
  times = 1,
  error: Error = Object.assign(new Error("injected fault"), { name: "ServiceUnavailable", $fault: "server" }),
) {
  const real = client.send.bind(client);
  let remaining = times;
  const spy = jest.spyOn(client, "send").mockImplementation(async (command: unknown, ...rest: unknown[]) => {
    if (remaining > 0 && matches(command)) {
      remaining--;
      throw error;
    }
    return real(command, ...rest);
  });
  return {
    restore: () => spy.mockRestore(),
    get remaining() {
      return remaining;
    },
  };
}

/** The command is of this class (AWS SDK v3 commands are classes). */
export const isA =
  (type: abstract new (...args: any[]) => unknown) =>
  (command: unknown): boolean =>
    command instanceof type;
