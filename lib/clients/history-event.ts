import type { Actor, HistoryEvent } from "../domain/history";
import { newId } from "../domain/ids";

export function historyEvent(
  type: HistoryEvent["type"],
  actor: Actor,
  details: Partial<HistoryEvent> = {},
): HistoryEvent {
  return { id: newId("evt"), type, at: new Date().toISOString(), actor, ...details };
}
