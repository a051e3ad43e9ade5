/** True for a failed condition, on a single write or on any item of a transaction. */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof TransactionConditionFailed) return true;
  const name = (error as { name?: string } | null)?.name;
  if (name === "ConditionalCheckFailedException") return true;
  if (name === "TransactionCanceledException") {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === "ConditionalCheckFailed");
  }
  return false;
}

/** True when DynamoDB cancelled a transaction because another one wrote the same item at that moment. */
export function isTransactionConflict(error: unknown): boolean {
  const { name, CancellationReasons } = (error ?? {}) as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (name === "TransactionConflictException") return true;
  return (
    name === "TransactionCanceledException" && (CancellationReasons ?? []).some((r) => r.Code === "TransactionConflict")
  );
}

/**
 * A transaction cancelled because conditions failed, with the names of the
 * items whose condition failed: callers classify the failure by what failed,
 * never by an item's position. Failed items without a name are reported as
 * `unnamed`.
 */
export class TransactionConditionFailed extends Error {
  constructor(
    readonly failed: ReadonlySet<string>,
    /** The failed items as they were, for those asked for with withOldItemOnFailure (absent: the item did not exist). */
    private readonly oldItems: ReadonlyMap<string, Record<string, unknown>> = new Map(),
  ) {
    super(`transaction condition failed: ${[...failed].join(", ")}`);
    this.name = "TransactionConditionFailed";
  }

  /** True when this named item's condition failed. */
  on(name: string): boolean {
    return this.failed.has(name);
  }

  /** The named item as it was when its condition failed; undefined when it did not exist (or was not asked for). */
  oldItem(name: string): Record<string, unknown> | undefined {
    return this.oldItems.get(name);
  }

  /** True when this named item's condition failed and no other item's did. */
  onlyOn(name: string): boolean {
    return this.failed.size === 1 && this.failed.has(name);
  }
}
