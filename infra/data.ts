import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AttributeType, StreamViewType, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Key } from "aws-cdk-lib/aws-kms";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { type IndexDefinition, TABLE } from "../lib/store/table";

/** The shape of lib/store/table.ts's TABLE (tests pass their own, e.g. with indexes). */
export interface TableDefinition {
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  streamView: keyof typeof StreamViewType;
  indexes: readonly IndexDefinition[];
}

/**
 * The single table (built from lib/store/table.ts, the definition the local
 * bootstrap uses too), the KMS key for custom-field envelope encryption and
 * the secret that signs list cursors.
 */
export class Data extends Construct {
  readonly table: TableV2;
  /** ARNs of the table and of each of its indexes, by name: what IAM statements list instead of `index/*`. */
  readonly tableResourceArns: string[];
  readonly fieldKey: Key;
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, definition: TableDefinition = TABLE) {
    super(scope, id);

    this.table = new TableV2(this, "Table", {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      timeToLiveAttribute: definition.ttlAttribute,
      dynamoStream: StreamViewType[definition.streamView],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tableResourceArns = [
      this.table.tableArn,
      ...definition.indexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`),
    ];

    this.fieldKey = new Key(this, "FieldKey", {
      description: `${Stack.of(this).stackName}: envelope encryption of custom client fields marked "encrypted"`,
      enableKeyRotation: true,
      alias: `alias/${Stack.of(this).stackName}/custom-fields`,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Read by the functions as CLIENTELE_CURSOR_SECRET; see ApiFunctions for how the value reaches them.
    this.cursorSecret = new Secret(this, "CursorSecret", {
      description: `${Stack.of(this).stackName}: HMAC key that authenticates list cursors`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
